// The signed token a certificate's QR code carries (Ed25519 through node:crypto), so a copied or edited
// picture cannot pass: the token holds the certificate number, the masked name and ID, the validity dates
// and the issuer, signed with the deployment's key. Anyone with the public key checks it offline; the
// /verify page checks it and then the live state (revoked, expired). Keys and rotation: README
// (CERT_SIGNING_KEY, CERT_VERIFY_KEYS) and docs/decisions/0016-certificate.md.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";

/** What a token states, in the order it is encoded. Dates are YYYY-MM-DD (Beijing). */
export type TokenClaims = {
  /** 证书编号 */
  number: string;
  /** e.g. 王*国 */
  maskedName: string;
  /** e.g. 650102********1234 */
  maskedIdCard: string;
  issuedOn: string;
  /** The last day it is valid. */
  validUntil: string;
  issuer: string;
};

/** The outcome of reading a token: `malformed` (not one of ours at all), `bad-signature` (edited, or signed by a key we do not hold). */
export type TokenCheck = { ok: true; claims: TokenClaims; keyId: string } | { ok: false; reason: "malformed" | "bad-signature" };

const VERSION = 1;
/** Longest token read at all (a real one is ≈ 250 characters): nothing bigger is parsed. */
export const MAX_TOKEN_LENGTH = 600;
const DEV_KEY_FILE = path.resolve("data/cert-signing-key.pem");

type Keys = { signing: KeyObject; signingId: string; verifying: Map<string, KeyObject> };
let keys: Keys | undefined;

const b64url = (b: Buffer) => b.toString("base64url");
/** A key's id: 8 characters of the SHA-256 of its public key (SPKI DER), carried in every token. */
export const keyIdOf = (pub: KeyObject) => b64url(createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest()).slice(0, 8);

function readKey(text: string, kind: "private" | "public"): KeyObject {
  const t = text.trim();
  const key = t.startsWith("-----")
    ? (kind === "private" ? createPrivateKey(t) : createPublicKey(t))
    : kind === "private"
      ? createPrivateKey({ key: Buffer.from(t, "base64"), format: "der", type: "pkcs8" })
      : createPublicKey({ key: Buffer.from(t, "base64"), format: "der", type: "spki" });
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`certificate ${kind} key must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}

/**
 * The development key: generated once and kept in data/ (written atomically, so processes starting
 * together agree on one). Production never comes here (certificateKeys throws first).
 */
function devKey(): string {
  try {
    return fs.readFileSync(DEV_KEY_FILE, "utf8");
  } catch {
    const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    fs.mkdirSync(path.dirname(DEV_KEY_FILE), { recursive: true });
    const tmp = `${DEV_KEY_FILE}.${process.pid}.${Date.now()}`;
    fs.writeFileSync(tmp, pem, { mode: 0o600 });
    try {
      fs.linkSync(tmp, DEV_KEY_FILE);
    } catch {
      /* another process made it first: use theirs */
    }
    fs.unlinkSync(tmp);
    return fs.readFileSync(DEV_KEY_FILE, "utf8");
  }
}

/**
 * The signing key and every key that verifies (the signing key's public half and CERT_VERIFY_KEYS), read
 * once. Throws in production without CERT_SIGNING_KEY (start-up calls this), and on a key that is not
 * Ed25519 or cannot be read.
 */
export function certificateKeys(): Keys {
  if (keys) return keys;
  if (!env.certSigningKey && env.isProduction) throw new Error("CERT_SIGNING_KEY must be set in production (an Ed25519 private key, PEM or base64 PKCS#8)");
  const signing = readKey(env.certSigningKey || devKey(), "private");
  const pub = createPublicKey(signing);
  const verifying = new Map<string, KeyObject>([[keyIdOf(pub), pub]]);
  for (const part of env.certVerifyKeys.split(/,(?![^-]*-----END)/)) {
    if (!part.trim()) continue;
    const k = readKey(part, "public");
    verifying.set(keyIdOf(k), k);
  }
  keys = { signing, signingId: keyIdOf(pub), verifying };
  return keys;
}

/** The public keys that verify tokens now, as PEM by key id (for offline checkers). */
export function publicKeysPem(): Record<string, string> {
  return Object.fromEntries([...certificateKeys().verifying].map(([id, k]) => [id, k.export({ type: "spki", format: "pem" }) as string]));
}

const DOMAIN = Buffer.from("xj-expert-certificate\n");
const signed = (payload: Buffer) => Buffer.concat([DOMAIN, payload]);

/** A token for `claims`, signed with the current key: `<payload>.<signature>`, both base64url. */
export function signToken(claims: TokenClaims): { token: string; keyId: string } {
  const k = certificateKeys();
  const payload = Buffer.from(JSON.stringify([VERSION, k.signingId, claims.number, claims.maskedName, claims.maskedIdCard, claims.issuedOn, claims.validUntil, claims.issuer]), "utf8");
  const sig = sign(null, signed(payload), k.signing);
  return { token: `${b64url(payload)}.${b64url(sig)}`, keyId: k.signingId };
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const isText = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;

/** Reads and checks a token (any string, e.g. a URL segment); never throws. */
export function verifyToken(token: string): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const [p, s, extra] = token.split(".");
  if (extra !== undefined || !p || !s || !B64URL.test(p) || !B64URL.test(s)) return { ok: false, reason: "malformed" };
  const payload = Buffer.from(p, "base64url");
  const sig = Buffer.from(s, "base64url");
  let fields: unknown;
  try {
    fields = JSON.parse(payload.toString("utf8"));
  } catch {
    return { ok: false, reason: "bad-signature" };
  }
  if (!Array.isArray(fields) || fields.length !== 8 || fields[0] !== VERSION || !fields.slice(1).every((f) => isText(f, 100))) return { ok: false, reason: "bad-signature" };
  const [, keyId, number, maskedName, maskedIdCard, issuedOn, validUntil, issuer] = fields as [number, ...string[]];
  const key = certificateKeys().verifying.get(keyId);
  if (!key || sig.length !== 64 || !verify(null, signed(payload), key, sig)) return { ok: false, reason: "bad-signature" };
  return { ok: true, keyId, claims: { number, maskedName, maskedIdCard, issuedOn, validUntil, issuer } };
}

/** Forgets the keys read (tests that change the environment). */
export function resetCertificateKeys(): void {
  keys = undefined;
}
