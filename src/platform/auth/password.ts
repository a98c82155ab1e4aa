// Shell: argon2id password hashing (OWASP parameters: m=19 MiB, t=2, p=1; cheaper only in test runs, see below).
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package's Algorithm const enum cannot be imported under verbatimModuleSyntax).
export const OWASP_OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };
// Test runs only: GONGKAI_TEST_ARGON2_CHEAP=1 (set by scripts/test.mjs) hashes with 1 MiB and one
// pass, so the thousands of hashes and sign-ins of `npm test` cost ~1 ms each instead of ~30 ms.
// It is honoured ONLY together with NODE_ENV=test: production never hashes weaker than OWASP, and
// verify() reads the parameters from each stored hash, so either kind of hash still verifies.
export const TEST_CHEAP_OPTIONS = { algorithm: 2 as const, memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** The parameters new hashes use, for this environment (read once, at start-up). */
export function argon2Options(env: NodeJS.ProcessEnv = process.env): typeof OWASP_OPTIONS {
  return env.NODE_ENV === 'test' && env.GONGKAI_TEST_ARGON2_CHEAP === '1' ? TEST_CHEAP_OPTIONS : OWASP_OPTIONS;
}
const OPTIONS = argon2Options();

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash that never verifies, to spend the same time when the user does not exist. */
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<false> {
  warmDecoy();
  await verifyPassword(await (decoy as Promise<string>), password);
  return false;
}

/** The decoy hash itself (tests compare its argon2 parameters with a real user's). */
export async function decoyHash(): Promise<string> {
  warmDecoy();
  return decoy as Promise<string>;
}

/** Prepares the decoy hash ahead of the first sign-in (so that one is not slower either). */
export function warmDecoy(): void {
  decoy ??= hashPassword('decoy-password-that-is-never-valid');
}

/**
 * The demo accounts' password, published in the README and printed at start-up: anyone can sign
 * in with it, so no one may choose it as their own password (src/demo.ts loads the demo with it).
 */
export const PUBLISHED_DEMO_PASSWORD = 'demo-password-2026';

/** Reasons a new password is not acceptable (empty when fine). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('密码至少需要 10 个字符');
  if (password.length > 200) problems.push('密码不能超过 200 个字符');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  if (/^(.)\1+$/.test(password)) problems.push('密码不能由同一个字符重复组成');
  return problems;
}
