// resolveUser: 'clerk' — verifies the request's Clerk session token (Bearer header, else the __session cookie)
// with the optional peer @clerk/backend, loaded on first use. User from `sub`, org from `org_id` (v1 claims) or
// `o.id` (v2 claims). Any failure means "no user", never a failed request.
import type { ClerkOptions, IncomingRequestInfo, ResolvedUser } from '../types.js';

type VerifyToken = (token: string, options: Record<string, unknown>) => Promise<unknown>;

let loaded: Promise<VerifyToken | undefined> | undefined;

function loadClerk(): Promise<VerifyToken | undefined> {
  // A variable specifier keeps bundlers and tsc from requiring the optional peer.
  const specifier = '@clerk/backend';
  loaded ??= import(specifier).then(
    (mod: { verifyToken?: VerifyToken }) => mod.verifyToken,
    () => undefined,
  );
  return loaded;
}

export async function clerkUser(request: IncomingRequestInfo, options: ClerkOptions | undefined): Promise<ResolvedUser | undefined> {
  const token = sessionToken(request);
  if (token === undefined) return undefined;
  const verifyToken = await loadClerk();
  if (!verifyToken) return undefined;
  const jwtKey = options?.jwtKey ?? process.env.CLERK_JWT_KEY;
  const secretKey = options?.secretKey ?? process.env.CLERK_SECRET_KEY;
  const result = (await verifyToken(token, {
    ...(jwtKey !== undefined && { jwtKey }),
    ...(secretKey !== undefined && { secretKey }),
    ...(options?.authorizedParties !== undefined && { authorizedParties: options.authorizedParties }),
  })) as { data?: Claims; errors?: unknown[] } & Claims;
  // @clerk/backend 2+ returns { data } or { errors }; older versions returned the claims or threw.
  if (result.errors !== undefined) return undefined;
  const claims: Claims = result.data ?? result;
  if (typeof claims.sub !== 'string') return undefined;
  const orgId = typeof claims.org_id === 'string' ? claims.org_id : typeof claims.o?.id === 'string' ? claims.o.id : undefined;
  return { userId: claims.sub, ...(orgId !== undefined && { orgId }) };
}

interface Claims {
  sub?: unknown;
  org_id?: unknown;
  o?: { id?: unknown };
}

function sessionToken(request: IncomingRequestInfo): string | undefined {
  const authorization = request.header('authorization');
  if (authorization !== undefined && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, '').trim() || undefined;
  const cookie = request.header('cookie');
  const match = cookie !== undefined ? /(?:^|;\s*)__session=([^;]+)/.exec(cookie) : null;
  return match?.[1] !== undefined ? decodeURIComponent(match[1]) : undefined;
}
