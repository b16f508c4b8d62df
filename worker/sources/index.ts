// Builds the configured sources: one per IMAP mailbox and one per drop folder.
import type { CheckpointStore } from '../../core/ports.js';
import type { Logger } from '../runtime/logger.js';
import type { WorkConfig } from '../runtime/work-config.js';
import type { Intake } from './intake.js';
import { createDropFolderSource } from './drop-folder.js';
import { createImapSources } from './imap/index.js';
import type { Source } from './source.js';

export interface SourceDeps {
  intake: Intake;
  checkpoints: CheckpointStore;
  logger: Logger;
}

export function createSources(config: WorkConfig, deps: SourceDeps): Source[] {
  return [
    ...createImapSources(config.imap, { ...deps, tenantId: config.app.tenantId }),
    ...config.dropFolders.map((folder) => createDropFolderSource({ folder, intake: deps.intake, logger: deps.logger })),
  ];
}
