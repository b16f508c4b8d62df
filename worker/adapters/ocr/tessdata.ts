// tesseract.js takes ONE `langPath` folder for all languages, while each @tesseract.js-data package
// ships its own folder; so we link both `.traineddata.gz` files into one folder at first use.
import { copyFile, mkdir, rename, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const OCR_LANGUAGES = ['dan', 'eng'] as const;
/** Integerised "best" LSTM models: the accuracy of `best` at about the speed of `fast`. */
const MODEL_FOLDER = '4.0.0_best_int';

const require = createRequire(import.meta.url);

function packagedModel(lang: string): string {
  const pkgDir = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  return join(pkgDir, MODEL_FOLDER, `${lang}.traineddata.gz`);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Returns a folder holding `dan.traineddata.gz` and `eng.traineddata.gz`, creating it if needed.
 * Links are made under a temporary name and renamed, so concurrent callers never see half a file.
 */
export async function ensureLangDir(dir = join(tmpdir(), 'fordeler-tessdata')): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const lang of OCR_LANGUAGES) {
    const target = join(dir, `${lang}.traineddata.gz`);
    if (await exists(target)) continue;
    const source = packagedModel(lang);
    const temp = `${target}.${process.pid}.${Date.now()}`;
    // A symlink is free; copy where symlinks are not allowed (some Windows/CI file systems).
    await symlink(source, temp).catch(() => copyFile(source, temp));
    await rename(temp, target);
  }
  return dir;
}
