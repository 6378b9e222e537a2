'use client';

import { useQuery } from '@tanstack/react-query';
import { connectionQuery } from '@/lib/queries/health';

/** Connection status of Flightdeck's upstreams (header indicator, overview). */
export function useConnection() {
  return useQuery(connectionQuery());
}
