import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One real trace labelled with its true fault (see ../shared/data/grouping/README.md). */
export interface LabelledTrace {
  id: string;
  /** The true fault: traces of one group were fixed by one patch. */
  group: string;
  applicationName: string;
  platform: string;
  stackTrace: string;
}

/** Beside the project, as the team's shared data lives: `<project>/../shared/data/grouping`. */
export function groupingDataDir(projectRoot: string): string {
  return resolve(projectRoot, '..', 'shared', 'data', 'grouping');
}

/** Every `*.jsonl` corpus in the folder, by file name; a clear error when the folder or files are missing. */
export function loadCorpora(dir: string, files: readonly string[]): Map<string, LabelledTrace[]> {
  if (!existsSync(dir)) {
    throw new Error(`grouping-quality: the labelled traces are not at ${dir} (expected ../shared/data/grouping beside the project; see BENCHMARKS.md)`);
  }
  const corpora = new Map<string, LabelledTrace[]>();
  for (const file of files) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`grouping-quality: ${path} is missing`);
    corpora.set(file, parseJsonl(readFileSync(path, 'utf8'), path));
  }
  return corpora;
}

function parseJsonl(text: string, path: string): LabelledTrace[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<LabelledTrace>;
      if (typeof row.id !== 'string' || typeof row.group !== 'string' || typeof row.stackTrace !== 'string' || typeof row.applicationName !== 'string') {
        throw new Error(`grouping-quality: ${path} line ${i + 1} lacks id, group, applicationName or stackTrace`);
      }
      return { id: row.id, group: row.group, applicationName: row.applicationName, platform: row.platform ?? 'unknown', stackTrace: row.stackTrace };
    });
}
