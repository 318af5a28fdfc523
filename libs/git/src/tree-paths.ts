/** Strict: a name that is not valid UTF-8 must be detected, never silently turned into U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The name of one tree entry as Docora delivers it, or null when the entry (and everything below it) is skipped:
 * not valid UTF-8 (webhooks carry paths as JSON strings; a lossy decoding could make two files collide), `.`,
 * `..`, `.git` in any letter case (git's own repository directory), empty, or containing `/` (only a crafted tree
 * can hold these, and a client writing files under such a path would leave its directory). Both engines apply
 * this rule, so they agree on hostile repositories.
 */
export function deliverableName(bytes: Uint8Array): string | null {
  if (bytes.length === 0 || bytes.includes(0x2f)) {
    return null;
  }
  let name: string;
  try {
    name = UTF8.decode(bytes);
  } catch {
    return null;
  }
  if (name === '.' || name === '..' || name.toLowerCase() === '.git') {
    return null;
  }
  return name;
}

/** A full `/`-separated path (as `git diff-tree -z` prints it): null when any of its components is skipped. */
export function deliverablePath(bytes: Buffer): string | null {
  // Decoded once: a multi-byte UTF-8 sequence never contains `/`, so the path is valid iff every part is.
  let path = bytes.toString('utf8'); // fast; replaces invalid sequences with U+FFFD
  if (path.includes('\uFFFD')) {
    try {
      path = UTF8.decode(bytes); // a real U+FFFD in the name, or an invalid sequence?
    } catch {
      return null;
    }
  }
  for (const name of path.split('/')) {
    if (name === '' || name === '.' || name === '..' || name.toLowerCase() === '.git') {
      return null;
    }
  }
  return path;
}
