import type { ParsedFrame } from '../types';
import { type StackParser, basename, frame, parseExceptionHeader } from './common';

/**
 * Python tracebacks, which print the innermost frame LAST:
 *   Traceback (most recent call last):
 *     File "/srv/app/game/loop.py", line 40, in run
 *       self.render()
 *     File "/srv/app/game/render.py", line 12, in render
 *   ValueError: bad frame 12
 * Frames are reversed so frames[0] is the crashing frame. With chained exceptions ("The above
 * exception was the direct cause of ...", "During handling of ...") the first traceback printed
 * is the root cause, and the one used.
 */

const TRACEBACK = 'Traceback (most recent call last):';
const FILE = 'File "';

interface Block {
  frames: ParsedFrame[];
  type: string | null;
  message: string | null;
}

export const pythonParser: StackParser = {
  format: 'python',
  priority: 40,
  sniff(line) {
    return line === TRACEBACK || line.startsWith(FILE);
  },
  isFrame(line) {
    return line.startsWith(FILE);
  },
  parse(lines, maxFrames) {
    const root: Block = { frames: [], type: null, message: null };
    let blocks = 0;
    for (const raw of lines) {
      // Source lines under each frame are most of a traceback: find the indent, trim nothing.
      const indent = indentOf(raw);
      if (raw.startsWith(FILE, indent)) {
        root.frames.push(parseFrame(raw, indent));
      } else if (indent === 0 && raw.startsWith(TRACEBACK)) {
        // Only the first traceback is read: later ones were raised while handling it.
        if (++blocks > 1) break;
      } else if (indent === 0 && raw !== '' && root.type === null && root.frames.length > 0) {
        readException(root, raw.trimEnd());
      }
    }
    // Python prints outermost first: keep the innermost frames when there are too many.
    const frames = root.frames.length > maxFrames ? root.frames.slice(-maxFrames) : root.frames;
    frames.reverse();
    return { exceptionType: root.type, message: root.message, frames, truncated: root.frames.length > maxFrames };
  },
};

function indentOf(line: string): number {
  let i = 0;
  for (let c = line.charCodeAt(0); c === 32 || c === 9; c = line.charCodeAt(i)) i++;
  return i;
}

function readException(block: Block, line: string): void {
  const header = parseExceptionHeader(line);
  block.type = header.type;
  block.message = header.type === null ? line : header.message;
}

/** `File "/srv/app/game/render.py", line 12, in render`, starting at `at` in `raw`. */
function parseFrame(raw: string, at: number): ParsedFrame {
  const pathStart = at + FILE.length;
  const quote = raw.indexOf('"', pathStart);
  const end = quote > 0 ? quote : raw.length;
  const quoted = raw.slice(pathStart, end);
  const path = quoted.includes('\\') ? quoted.replaceAll('\\', '/') : quoted;
  const lineAt = raw.indexOf(', line ', end);
  const inAt = raw.indexOf(', in ', end);
  const fn = inAt >= 0 ? raw.slice(inAt + 5).trimEnd() : '<module>';
  return frame(fn, moduleOf(path), path, lineAt >= 0 ? readNumber(raw, lineAt + 7) : null, raw);
}

function readNumber(text: string, from: number): number | null {
  let value = 0;
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return i > from ? value : null;
}

const PACKAGE_ROOTS = ['/site-packages/', '/dist-packages/'];
const STDLIB_ROOT = /\/lib\/python\d(?:\.\d{1,2})?\//;

/**
 * The dotted module name where the path shows it (installed packages, the standard library),
 * otherwise the file's own name: `/venv/lib/python3.11/site-packages/requests/api.py` →
 * `requests.api`, `/srv/app/game/render.py` → `render`.
 */
function moduleOf(path: string): string {
  if (path.startsWith('<')) return path;
  const relative = packageRelative(path) ?? basename(path);
  const withoutExt = relative.endsWith('.py') ? relative.slice(0, -3) : relative;
  if (!withoutExt.includes('/')) return withoutExt;
  const dotted = withoutExt.replaceAll('/', '.');
  return dotted.endsWith('.__init__') ? dotted.slice(0, -9) : dotted;
}

function packageRelative(path: string): string | null {
  for (const root of PACKAGE_ROOTS) {
    const at = path.lastIndexOf(root);
    if (at >= 0) return path.slice(at + root.length);
  }
  const stdlib = STDLIB_ROOT.exec(path);
  return stdlib === null ? null : path.slice(stdlib.index + stdlib[0].length);
}
