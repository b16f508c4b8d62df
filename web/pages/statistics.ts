// Statistik: ECharts charts of the API's statistics and CSV export. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerStatisticsPages(_app: FastifyInstance, _ctx: WebContext): void {}
