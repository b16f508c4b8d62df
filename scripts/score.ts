// Usage: npm run score -- <gold.jsonl> <predictions.jsonl>   (predictions from `fordeler process --json`)
// Prints a Markdown table: KLE emne/group accuracy and routing quality, in total, by channel and difficulty.
import { readFile } from 'node:fs/promises';
import { formatScoreReport, scorePredictions, type GoldItem, type Prediction } from './scoring.js';

const [goldPath, predictionsPath] = process.argv.slice(2);
if (!goldPath || !predictionsPath) {
  console.error('usage: npm run score -- <gold.jsonl> <predictions.jsonl>');
  process.exit(2);
}

const readJsonLines = async <T>(path: string): Promise<T[]> =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path}:${index + 1}: not valid JSON`);
      }
    });

const report = scorePredictions(await readJsonLines<GoldItem>(goldPath), await readJsonLines<Prediction>(predictionsPath));
console.log(formatScoreReport(report));
