import * as argon2 from 'argon2';

/** argon2id with the library's recommended parameters (RFC 9106 second recommendation). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password).catch(() => false);
}

/**
 * A hash of a password nobody knows, with the parameters of every real hash: an unknown email is
 * verified against it so it costs the same time as a wrong password, and response times do not
 * reveal which emails exist. Identity computes it at startup (AuthController.onModuleInit), so no
 * sign-in pays for making it.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}
