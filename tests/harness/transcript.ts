/**
 * Normalising and comparing two servers' transcripts of the same scripted client session.
 *
 * What legitimately differs between two correct servers is taken out, and nothing else:
 * - session ids (fields holding one) become S0, S1, ... in order of first appearance;
 * - zxids become Z0, Z1, ... in order of first appearance, so equal zxids stay equal and
 *   different ones stay different; their numeric order is compared separately (`zxidOrder`),
 *   so "this write came after that one" is still checked, while epochs and offsets are not;
 * - wall-clock times (ctime, mtime) are replaced by a placeholder.
 * zxid 0 (nodes that exist before any transaction) and ephemeralOwner 0 are kept literally.
 */

const ZXID_KEYS = new Set(['czxid', 'mzxid', 'pzxid', 'zxid']);
const SESSION_KEYS = new Set(['ephemeralOwner', 'sessionId']);
const TIME_KEYS = new Set(['ctime', 'mtime']);

export interface NormalizedTranscript {
  value: unknown;
  /** zxid labels sorted by their numeric value; identical on servers that order writes alike. */
  zxidOrder: string[];
  sessionCount: number;
}

export function normalizeTranscript(raw: unknown): NormalizedTranscript {
  const zxids = new Map<string, string>();
  const sessions = new Map<string, string>();

  const label = (table: Map<string, string>, prefix: string, value: string): string => {
    let l = table.get(value);
    if (l === undefined) {
      l = `${prefix}${table.size}`;
      table.set(value, l);
    }
    return l;
  };

  const walk = (value: unknown, key: string | undefined): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
      return out;
    }
    if (key === undefined) return value;
    if (TIME_KEYS.has(key)) return '<time>';
    if (ZXID_KEYS.has(key)) {
      const z = String(value);
      return z === '0' ? '0' : label(zxids, 'Z', z);
    }
    if (SESSION_KEYS.has(key)) {
      const s = String(value);
      return s === '0' ? '0' : label(sessions, 'S', s);
    }
    return value;
  };

  const normalized = walk(raw, undefined);
  const zxidOrder = [...zxids.entries()]
    .sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0))
    .map(([, l]) => l);
  return { value: normalized, zxidOrder, sessionCount: sessions.size };
}

/**
 * Field-by-field differences between two normalised values, as readable paths. Steps of a
 * transcript are named by their `step` field so a difference points at the operation.
 */
export function diffNormalized(a: unknown, b: unknown, limit = 40): string[] {
  const out: string[] = [];
  const show = (v: unknown): string => (v === undefined ? '(missing)' : JSON.stringify(v));
  const visit = (x: unknown, y: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) out.push(`${path}: length ${x.length} vs ${y.length}`);
      for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
        const step = stepName(x[i]);
        visit(x[i], y[i], `${path}[${i}]${step ? `(${step})` : ''}`);
      }
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) visit(x[k], y[k], `${path}.${k}`);
      return;
    }
    if (!Object.is(x, y)) out.push(`${path}: ${show(x)} vs ${show(y)}`);
  };
  visit(a, b, '$');
  return out;
}

/** Normalises both transcripts and lists every difference, zxid ordering included. */
export function compareTranscripts(a: unknown, b: unknown): string[] {
  const na = normalizeTranscript(a);
  const nb = normalizeTranscript(b);
  const diffs = diffNormalized(na.value, nb.value);
  if (na.zxidOrder.join(',') !== nb.zxidOrder.join(',')) {
    diffs.push(`zxid order differs: ${na.zxidOrder.join(' < ')} vs ${nb.zxidOrder.join(' < ')}`);
  }
  if (na.sessionCount !== nb.sessionCount) diffs.push(`session count: ${na.sessionCount} vs ${nb.sessionCount}`);
  return diffs;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stepName(v: unknown): string | undefined {
  return isObject(v) && typeof v.step === 'string' ? v.step : undefined;
}
