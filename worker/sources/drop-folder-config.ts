// Configuration of one drop folder: a folder on local disk (or a mounted SMB/NFS share) into which a
// scanning bureau or the Digital Post SFTP delivery writes files. Validated once at start-up.
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Lower-case letters, digits, dots, underscores and dashes: it becomes part of the items' `source`. */
const FolderId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-" (at most 63)');

// Fractions are allowed (tests poll every 50 ms); the minimums keep a typo such as `0` from turning
// the poll into a busy loop or taking files the moment they appear.
const pollSeconds = z.number().min(0.05).max(3600).default(2);
/** SFTP and SMB clients write in place: a file is taken only once its size and mtime stood still this long. */
const settleSeconds = z.number().min(0.1).max(3600).default(2);

const common = {
  id: FolderId,
  path: z.string().min(1),
  /** Stored files are moved to `<processedDir>/<YYYY-MM-DD>/`. Default `<path>/processed`. */
  processedDir: z.string().min(1).optional(),
  /** Files that cannot become items go here with a `<name>.error.json`. Default `<path>/failed`. */
  failedDir: z.string().min(1).optional(),
  pollSeconds,
  settleSeconds,
};

const DigitalPostFolder = z.strictObject({ ...common, kind: z.literal('digitalpost') });

const ScanFolder = z.strictObject({
  ...common,
  kind: z.literal('scan'),
  /** How long a settled scan waits for its `<name>.meta.xml` before it is taken without one. */
  sidecarWaitSeconds: z.number().min(0.1).max(24 * 3600).default(30),
  /** Id of the SidecarFormat this bureau delivers (see worker/adapters/extract/sidecar.ts). */
  sidecarFormat: z.string().min(1).optional(),
});

export const DropFolderSchema = z
  .discriminatedUnion('kind', [DigitalPostFolder, ScanFolder])
  .transform((folder) => {
    const path = resolve(folder.path);
    return {
      ...folder,
      path,
      processedDir: resolve(folder.processedDir ?? join(path, 'processed')),
      failedDir: resolve(folder.failedDir ?? join(path, 'failed')),
    };
  })
  .superRefine((folder, ctx) => {
    // Otherwise a moved file would land back in the folder and be taken again, forever.
    for (const key of ['processedDir', 'failedDir'] as const) {
      if (folder[key] === folder.path) ctx.addIssue({ code: 'custom', path: [key], message: 'must not be the drop folder itself' });
    }
    if (folder.processedDir === folder.failedDir) ctx.addIssue({ code: 'custom', path: ['failedDir'], message: 'must differ from processedDir' });
  });

/** A validated drop folder, with absolute paths and every default filled in. */
export type DropFolderConfig = z.output<typeof DropFolderSchema>;
/** A drop folder as written in configuration. */
export type DropFolderInput = z.input<typeof DropFolderSchema>;

/** Validates one folder's configuration; the error names the folder and the offending field. */
export function parseDropFolder(input: unknown): DropFolderConfig {
  const parsed = DropFolderSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const id = typeof input === 'object' && input !== null && 'id' in input ? String(input.id).slice(0, 63) : '?';
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(folder)'}: ${issue.message}`).join('; ');
  throw new Error(`Invalid drop folder "${id}": ${problems}`);
}

/** Scan folders may name the sidecar format they deliver; it must be one the extractor knows. */
export function checkSidecarFormatIds(folders: readonly DropFolderConfig[], knownFormatIds: readonly string[]): void {
  for (const folder of folders) {
    if (folder.kind === 'scan' && folder.sidecarFormat !== undefined && !knownFormatIds.includes(folder.sidecarFormat)) {
      throw new Error(`Invalid drop folder "${folder.id}": sidecarFormat: unknown format "${folder.sidecarFormat}" (known: ${knownFormatIds.join(', ')})`);
    }
  }
}
