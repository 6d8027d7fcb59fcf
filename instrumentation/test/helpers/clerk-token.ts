// A locally signed Clerk-style session token (RS256) and the PEM public key to verify it without network.
import { createSign, generateKeyPairSync } from 'node:crypto';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** PEM public key for `clerk: { jwtKey }`. */
export const CLERK_JWT_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString();

export function clerkSessionToken(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' })}.${encode({ iss: 'https://clerk.test', sid: 'sess_1', iat: now - 5, nbf: now - 5, exp: now + 60, ...claims })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}
