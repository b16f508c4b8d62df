// Forsendelse: one item — original, extracted text, entities, classification, rule explanation, timeline, re-distribute. Filled in by the web app work (issue 14).
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

export function registerItemPages(_app: FastifyInstance, _ctx: WebContext): void {}
