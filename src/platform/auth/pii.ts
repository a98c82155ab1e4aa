// Shell: sealing the one piece of personal data kept for filling forms — a resident's ID number —
// with AES-256-GCM, and a keyed hash of it for matching. The key is PII_KEY from the environment
// (base64 of 32 bytes) or, when unset, a random key kept in the database (install_state), created
// on first start, so several processes on one database share it. Two sub-keys are derived (HKDF):
// one seals, one hashes, so a hash never reveals anything about the sealed value.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PlatformDatabase } from '../db/platform-database.ts';

const STATE_KEY = 'pii_key';
interface Keys { seal: Buffer; hash: Buffer }
const keys = new WeakMap<object, Keys>();

function derive(master: Buffer): Keys {
  return {
    seal: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongkai pii seal', 32)),
    hash: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongkai pii hash', 32)),
  };
}

/** Loads (or creates) the key for this database. Call once at start, like initCaptcha. */
export async function initPii(db: Kysely<PlatformDatabase>, envKey: string | null): Promise<void> {
  if (envKey) {
    keys.set(db, derive(Buffer.from(envKey, 'base64')));
    return;
  }
  keys.set(db, derive(await installStateKey(db, STATE_KEY)));
}

/**
 * A random 32-byte key kept in install_state under `stateKey`, created on first use (several
 * processes starting together agree on the first one written).
 */
export async function installStateKey(db: Kysely<PlatformDatabase>, stateKey: string): Promise<Buffer> {
  let row = await db.selectFrom('install_state').select('value').where('key', '=', stateKey).executeTakeFirst();
  if (!row) {
    await db.insertInto('install_state').values({ key: stateKey, value: randomBytes(32).toString('base64') }).onConflict((oc) => oc.column('key').doNothing()).execute();
    row = await db.selectFrom('install_state').select('value').where('key', '=', stateKey).executeTakeFirstOrThrow();
  }
  return Buffer.from(row.value, 'base64');
}

function keysOf(db: object): Keys {
  const k = keys.get(db);
  if (!k) throw new Error('pii not initialised for this database (call initPii at start)');
  return k;
}

/** `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function sealPii(db: object, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keysOf(db).seal, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The plain value, or null when the sealed text is damaged or sealed with another key. */
export function openPii(db: object, sealed: string): string | null {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    // the full 16-byte tag only: GCM accepts a tag cut to 4 bytes, which a forger can find by trying
    const d = createDecipheriv('aes-256-gcm', keysOf(db).seal, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Keyed hash of an ID number (upper-case X), for matching without keeping the number. */
export function idNumberHash(db: object, idNumber: string): string {
  return createHmac('sha256', keysOf(db).hash).update(idNumber.trim().toUpperCase()).digest('hex');
}
