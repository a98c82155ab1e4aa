// Shell: the blocks of the personal space's home page (/me). Each part of the accounts module adds
// its block (my submissions, saved, subscriptions, 一码办, privacy …) when its routes are registered;
// the /me page renders them in `order`. Kept per app (tests build several apps in one process).
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { App } from '../../platform/web/server.tsx';

export interface MeSection {
  id: string;
  /** Lower first: 10 submissions, 20 enterprise stage, 30 saved, 40 subscriptions, 50 一码办, 90 privacy. */
  order: number;
  /** The block for the signed-in resident (request.resident is set), or null to show nothing. */
  render(request: FastifyRequest): Promise<VNode | null>;
}

const registry = new WeakMap<object, MeSection[]>();

export function addMeSection(app: App, section: MeSection): void {
  const list = registry.get(app) ?? [];
  list.push(section);
  list.sort((a, b) => a.order - b.order);
  registry.set(app, list);
}

export function meSections(app: App): readonly MeSection[] {
  return registry.get(app) ?? [];
}
