/**
 * Compares a reply with the one the model expects, naming the rule by the part that differs:
 * the error code, a Stat field, data, children, a created path, or anything else in the body.
 * Children and ephemeral lists are sets in ZooKeeper (HashSet order), so both sides are sorted.
 */
import { OpCode, errorCodeName, type Request, type Response } from '@paddock/protocol';
import { canon, opName } from '../describe';
import type { ExpectedReply } from '../model/zk-model';
import { firstDifference } from './first-difference';
import { violation } from './violation';

/** Throws the matching violation unless `actual` is what `expected` says. */
export function compareReply(request: Request, expected: ExpectedReply, actualErr: number, actualBody: Response | null, where: string): void {
  const what = `${where} ${canon(requestSummary(request))}`;
  if (expected.err !== actualErr) {
    violation('reply-error-code', `${what}: expected ${errorCodeName(expected.err)}, got ${errorCodeName(actualErr)}`);
  }
  const diff = firstDifference(normalize(expected.body), normalize(actualBody));
  if (diff) violation(ruleFor(diff), `${what}: ${diff}`);
}

function ruleFor(diff: string): string {
  const field = diff.slice(0, diff.indexOf(':'));
  if (/(^|\.)stat(\.|$)/.test(field)) return 'reply-stat';
  if (/(^|\.)data$/.test(field)) return 'reply-data';
  if (/(^|\.)(children|ephemerals)(\[|$)/.test(field)) return 'reply-children';
  if (/(^|\.)path$/.test(field)) return 'reply-path';
  return 'reply-body';
}

function normalize(body: Response | null): Response | null {
  if (!body) return body;
  switch (body.op) {
    case OpCode.getChildren:
    case OpCode.getChildren2:
      return { ...body, children: [...body.children].sort() };
    case OpCode.getEphemerals:
      return { ...body, ephemerals: [...body.ephemerals].sort() };
    default:
      return body;
  }
}

/** The request without its ACL (always world:anyone here), to keep witnesses short. */
function requestSummary(request: Request): unknown {
  return request.op === OpCode.multi ? { op: 'multi', ops: request.ops.map(withoutAcl) } : withoutAcl(request);
}

function withoutAcl(r: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k !== 'acl') out[k] = k === 'op' ? opName(v as number) : v;
  return out;
}
