/** POST /api/auth/sign-out: clears the session cookie (token mode) and shows the sign-in page. */
import { signOut } from '@/lib/auth/sign-in';
import { handle } from '@/lib/route';

export const POST = handle('session:delete', async (request) => signOut(request));
