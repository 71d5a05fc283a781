import type { ParsedFrame } from '../types';
import { type StackParser, basename, frame, isIndented, parseExceptionHeader } from './common';

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
  parse(lines, maxFrames) {
    const root: Block = { frames: [], type: null, message: null };
    let blocks = 0;
    for (const raw of lines) {
      const line = raw.trim();
      if (line === TRACEBACK) blocks++;
      // Only the first traceback is read: later ones are exceptions raised while handling it.
      if (blocks > 1) break;
      if (line.startsWith(FILE)) root.frames.push(parseFrame(line, raw));
      else if (root.type === null && root.frames.length > 0 && line !== '' && !isIndented(raw)) readException(root, line);
    }
    // Python prints outermost first: keep the innermost frames when there are too many.
    const frames = root.frames.length > maxFrames ? root.frames.slice(-maxFrames) : root.frames;
    frames.reverse();
    return { exceptionType: root.type, message: root.message, frames, truncated: root.frames.length > maxFrames };
  },
};

function readException(block: Block, line: string): void {
  const header = parseExceptionHeader(line);
  block.type = header.type;
  block.message = header.type === null ? line : header.message;
}

/** `File "/srv/app/game/render.py", line 12, in render` */
function parseFrame(line: string, raw: string): ParsedFrame {
  const quote = line.indexOf('"', FILE.length);
  const path = (quote > 0 ? line.slice(FILE.length, quote) : line.slice(FILE.length)).replaceAll('\\', '/');
  const rest = quote > 0 ? line.slice(quote + 1) : '';
  const lineAt = rest.indexOf(', line ');
  const lineEnd = lineAt >= 0 ? rest.indexOf(',', lineAt + 7) : -1;
  const lineNumber = lineAt >= 0 ? Number.parseInt(rest.slice(lineAt + 7, lineEnd >= 0 ? lineEnd : undefined), 10) : NaN;
  const inAt = rest.indexOf(', in ');
  const fn = inAt >= 0 ? rest.slice(inAt + 5).trim() : '<module>';
  return frame(fn, moduleOf(path), path, Number.isNaN(lineNumber) ? null : lineNumber, raw);
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
