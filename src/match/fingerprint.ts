import { createHash } from 'node:crypto';

/**
 * A mismatch's stable id: its kind and the names it is about, never a line number, so it survives edits
 * elsewhere in the file and lets a baseline or a ticket keep pointing at the same disagreement.
 */
export function fingerprint(kind: string, ...subject: (string | undefined)[]): string {
  const text = [kind, ...subject.map((part) => part ?? '')].join('\u0000');
  return `${kind}:${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}
