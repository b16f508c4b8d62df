// Prometheus metrics for `fordeler work`: queue depth per stage and items per state are read when
// scraped (the database and Redis are the truth); stage durations and outcomes are counted as they happen.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ItemState } from '../../core/model.js';
import type { JobStage } from './jobs.js';

export interface WorkMetricsSources {
  queueDepth(): Promise<Record<JobStage, number>>;
  itemsByState(): Promise<Record<ItemState, number>>;
}

export interface WorkMetrics {
  registry: Registry;
  observeAttempt(stage: JobStage, outcome: 'completed' | 'retry' | 'failed', ms: number): void;
  countIntake(source: string, result: 'created' | 'again' | 'duplicate' | 'error'): void;
}

export function createWorkMetrics(sources: WorkMetricsSources): WorkMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fordeler_' });
  new Gauge({
    name: 'fordeler_queue_depth',
    help: 'Jobs waiting, delayed or running, per stage queue',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      for (const [stage, depth] of Object.entries(await sources.queueDepth())) this.set({ stage }, depth);
    },
  });
  new Gauge({
    name: 'fordeler_items',
    help: 'Items per state in the item database',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, count] of Object.entries(await sources.itemsByState())) this.set({ state }, count);
    },
  });
  const duration = new Histogram({
    name: 'fordeler_stage_duration_seconds',
    help: 'Time per stage attempt',
    labelNames: ['stage', 'outcome'],
    buckets: [0.005, 0.02, 0.1, 0.5, 1, 2, 5, 15, 60, 180],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'fordeler_stage_errors_total',
    help: 'Stage attempts that failed (outcome retry: will be tried again; failed: item marked failed)',
    labelNames: ['stage', 'outcome'],
    registers: [registry],
  });
  const intake = new Counter({
    name: 'fordeler_intake_total',
    help: 'Messages and files handed in by sources',
    labelNames: ['source', 'result'],
    registers: [registry],
  });
  return {
    registry,
    observeAttempt(stage, outcome, ms) {
      duration.observe({ stage, outcome }, ms / 1000);
      if (outcome !== 'completed') errors.inc({ stage, outcome });
    },
    countIntake(source, result) {
      intake.inc({ source, result });
    },
  };
}
