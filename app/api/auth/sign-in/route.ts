/**
 * POST /api/auth/sign-in (token mode): the sign-in form. A token Kubernetes accepts
 * becomes the encrypted session cookie and the browser goes to `next`; any other goes
 * back to the form with the reason. Cross-site posts are refused (lib/auth/origin.ts).
 */
import { signIn } from '@/lib/auth/sign-in';
import { handle } from '@/lib/route';

export const POST = handle('session:create', async (request) => signIn(request));
