import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CARD_FILE = 'model-card.json';

/** `model-card.json` files at or under the given paths, sorted; node_modules and dot-folders are skipped. */
export function findModelCards(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === CARD_FILE) found.push(path);
    }
  };
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(path);
    else if (stat && path.endsWith(CARD_FILE)) found.push(path);
  }
  return [...new Set(found)].sort();
}
