// Shell contract: blocks other modules add to the venue and item pages (issue 22: the next free
// appointment slots, the live queue and 取号, the waiting-time chart; issue 19: the 公开专区 block).
// service-map never imports those modules: app.ts hands their blocks in, and each page renders the
// blocks in `order`, skipping a block that answers null.
import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { WorkingCalendar } from '../../platform/calendar/working-days.ts';
import type { Venue } from './service-map.repository.ts';

/** What a block knows of the page's venue or item. */
export interface PageRef {
  /** sm_venue.id / sm_item.id (never shown). */
  id: number;
  publicId: string;
  name: string;
  regionCode: string;
  /** The page's venue, already read (venue page only): a block need not read it again. */
  venue?: Venue;
  /** The working-day calendar the page already holds (the finder's, refreshed every few minutes): blocks use it instead of reloading it. */
  calendar?: WorkingCalendar;
}

export interface PageBlock {
  /** Lower first. Conventions: 10 queue/取号, 20 appointments, 30 waiting-time chart, 50 other modules. */
  order: number;
  render(ref: PageRef, request: FastifyRequest): Promise<VNode | null>;
}

/** The blocks of both pages; modules registered after the service map may push theirs (rendered per request). */
export interface PageBlocks { venue: PageBlock[]; item: PageBlock[] }

export async function renderBlocks(blocks: readonly PageBlock[], ref: PageRef, request: FastifyRequest): Promise<VNode[]> {
  const sorted = [...blocks].sort((a, b) => a.order - b.order);
  const out = await Promise.all(sorted.map((b) => b.render(ref, request)));
  return out.filter((v): v is VNode => v !== null);
}
