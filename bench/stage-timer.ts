// Wraps the pipeline's ports with timers so the benchmark can report time per stage without the
// production code knowing about it.
import type { Ocr, PipelinePorts } from '../core/ports.js';

export type StageName = 'extract' | 'classify' | 'route' | 'ocr page';

export class StageTimer {
  readonly totals = new Map<StageName, { ms: number; calls: number }>();

  record(stage: StageName, ms: number): void {
    const total = this.totals.get(stage) ?? { ms: 0, calls: 0 };
    total.ms += ms;
    total.calls += 1;
    this.totals.set(stage, total);
  }

  async time<T>(stage: StageName, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.record(stage, performance.now() - started);
    }
  }

  instrumentPorts(ports: PipelinePorts): void {
    const { extractor, classify, router } = ports;
    ports.extractor = { extract: (input) => this.time('extract', () => extractor.extract(input)) };
    ports.classify = (content) => {
      const started = performance.now();
      const result = classify(content);
      this.record('classify', performance.now() - started);
      return result;
    };
    ports.router = {
      version: router.version,
      destinations: router.destinations,
      destinationForKle: (nr) => router.destinationForKle(nr),
      route: (content, classification) => this.time('route', () => router.route(content, classification)),
    };
  }

  readonly decorateOcr = (ocr: Ocr): Ocr => ({ recognize: (image) => this.time('ocr page', () => ocr.recognize(image)) });
}
