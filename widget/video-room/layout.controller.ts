/**
 * Layout of the in-room view (lazy, with the in-room chunk): grid or speaker view, the page shown, self-view, and how
 * many tiles fit (from the element's size). `arrange()` picks the tiles to render; the room session subscribes to the
 * video of exactly those (room-session.ts `visible`), so a page never receives video it does not show.
 *
 * - Grid: everyone's camera tile, at most `MAX_PAGE` (25) per page, fewer when the element is small (a tile is at
 *   least `--vr-tile-min-width` wide, default 160 px, and 16:9).
 * - Speaker: the active speaker (the last remote participant who spoke) on the main stage, the others in a strip
 *   below, paged the same way.
 * - A screen share always takes the main stage (in both layouts); the cameras go to the strip.
 */
import type { TileView } from './session-types.js';

/** `grid`: tiles of equal size; `speaker`: the active speaker (or a screen share) large, the others in a strip. */
export type Layout = 'grid' | 'speaker';

/** At most this many tiles on one page. */
export const MAX_PAGE = 25;

/** What to render: the main stage (speaker view or a screen share), the page of tiles, and where we are. */
export interface Arrangement {
  stage?: TileView;
  /** The tiles of the page shown (grid or strip). */
  tiles: TileView[];
  /** Page shown (0-based) and page count (≥ 1). */
  page: number;
  pages: number;
  /** Columns and rows of the grid for `tiles` (grid without a stage). */
  cols: number;
  rows: number;
  /** Width (px) of a tile of `tiles`, and of the stage tile, so that everything fits the element (16:9 tiles). */
  tileWidth: number;
  stageWidth: number;
}

/** What the controller needs from the element. */
export interface LayoutHost {
  /** Re-render. */
  changed(): void;
  /** The layout the element asks for (its `layout` attribute). */
  readonly layout: Layout;
  /** The user switched layouts (the element reflects it in its `layout` attribute). */
  setLayout(layout: Layout): void;
}

/**
 * Tiles that fit on one page of a `width`×`height` (px) area with tiles at least `minWidth` px wide (16:9): at most 25,
 * at least 1. `stage`: the strip under a main stage (one row, the stage takes the rest).
 */
export function pageSize(width: number, height: number, minWidth = 160, stage = false): number {
  const cols = Math.max(1, Math.floor(width / minWidth));
  if (stage) return Math.min(MAX_PAGE, Math.max(1, Math.min(cols, 8)));
  const rows = Math.max(1, Math.floor(height / ((minWidth * 9) / 16)));
  return Math.min(MAX_PAGE, cols * rows);
}

/** Columns and rows for `n` 16:9 tiles in a `width`×`height` area (as square-ish as the area allows). */
export function gridShape(n: number, width: number, height: number): { cols: number; rows: number } {
  if (n <= 1) return { cols: 1, rows: 1 };
  const ratio = width > 0 && height > 0 ? width / height / (16 / 9) : 1;
  const cols = Math.min(n, Math.max(1, Math.round(Math.sqrt(n * ratio))));
  return { cols, rows: Math.ceil(n / cols) };
}

/** Layout state of one room view. */
export class LayoutController {
  /** Page shown (0-based; kept within the page count by `arrange`). */
  page = 0;
  /** Show our own camera tile. */
  selfView = true;
  /** Size (px) of the area the tiles share, and the smallest tile width. */
  width = 1280;
  height = 600;
  minWidth = 160;
  /** Last remote participant who spoke (the speaker view's stage). */
  private speaker?: string;
  private pages = 1;
  private observer?: ResizeObserver;
  private attributes?: MutationObserver;

  constructor(private host: LayoutHost) {}

  get layout(): Layout {
    return this.host.layout === 'speaker' ? 'speaker' : 'grid';
  }

  /** Follow the size of `el` (the element: its width, its height less the bars) and its `layout` attribute. */
  observe(el: HTMLElement): void {
    this.stop();
    this.attributes = new MutationObserver(() => this.host.changed());
    this.attributes.observe(el, { attributes: true, attributeFilter: ['layout'] });
    const measure = () => {
      const r = el.getBoundingClientRect();
      const min = parseFloat(getComputedStyle(el).getPropertyValue('--vr-tile-min-width')) || 160;
      const width = Math.round(r.width);
      const height = Math.max(90, Math.round(r.height) - 140);
      if (width === this.width && height === this.height && min === this.minWidth) return;
      Object.assign(this, { width, height, minWidth: min });
      this.host.changed();
    };
    // Measured in the next frame: re-rendering from inside the observer's callback changes the size it watches
    // (an element whose height follows its content), which browsers report as a "ResizeObserver loop" error.
    let frame = 0;
    this.observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => this.observer && measure());
    });
    this.observer.observe(el);
    measure();
  }

  /** Stop following the element's size. */
  stop(): void {
    this.observer?.disconnect();
    this.attributes?.disconnect();
    this.observer = this.attributes = undefined;
  }

  /** Switch to `layout` (keeps the page when it still exists). */
  setLayout(layout: Layout): void {
    this.host.setLayout(layout);
    if (!this.attributes) this.host.changed();
  }

  /** Show or hide our own camera tile. */
  toggleSelfView(show = !this.selfView): void {
    this.selfView = show;
    this.host.changed();
  }

  /** Go to page `page` (clamped). */
  go(page: number): void {
    const p = Math.max(0, Math.min(this.pages - 1, page));
    if (p === this.page) return;
    this.page = p;
    this.host.changed();
  }

  /**
   * The tiles to show now, from all tiles of the room (screen shares first, then cameras, as `RoomSession.tiles()`).
   * `spotlight`: the identity a moderator pinned for everyone — its camera comes first in the grid and takes the
   * speaker view's stage (a screen share still goes before it).
   */
  arrange(all: TileView[], spotlight?: string | null): Arrangement {
    const screens = all.filter((v) => v.source === 'screen_share');
    const cams = all.filter((v) => v.source === 'camera' && (this.selfView || !v.isLocal));
    const pinned = spotlight ? cams.find((v) => v.identity === spotlight) : undefined;
    const people = pinned ? [pinned, ...cams.filter((v) => v !== pinned)] : cams;
    const talking = people.find((v) => v.speaking && !v.isLocal);
    if (talking) this.speaker = talking.identity;
    let stage: TileView | undefined;
    if (screens.length || this.layout === 'speaker') {
      stage =
        screens[0] ??
        pinned ??
        people.find((v) => v.identity === this.speaker && !v.isLocal) ??
        people.find((v) => !v.isLocal) ??
        people[0];
    }
    const rest = [...screens, ...people].filter((v) => v !== stage);
    const size = pageSize(this.width, stage ? this.height / 4 : this.height, this.minWidth, !!stage);
    this.pages = Math.max(1, Math.ceil(rest.length / size));
    this.page = Math.min(this.page, this.pages - 1);
    const tiles = rest.slice(this.page * size, (this.page + 1) * size);
    const gap = 8;
    const { cols, rows } = stage ? { cols: tiles.length || 1, rows: 1 } : gridShape(tiles.length, this.width, this.height);
    const stripHeight = stage ? (tiles.length ? Math.min(this.height / 4, 150) : 0) : this.height;
    const tileWidth = Math.floor(Math.min((this.width - gap * (cols + 1)) / cols, (((stripHeight - gap * (rows + 1)) / rows) * 16) / 9, stage ? 260 : Infinity));
    // The stage takes what the strip (its tiles' real height) leaves.
    const stripUsed = tiles.length ? (Math.max(80, tileWidth) * 9) / 16 + 2 * gap : 0;
    const stageWidth = stage ? Math.floor(Math.min(this.width - 2 * gap, ((this.height - stripUsed - 2 * gap) * 16) / 9)) : 0;
    return { stage, tiles, page: this.page, pages: this.pages, cols, rows, tileWidth: Math.max(80, tileWidth), stageWidth: Math.max(160, stageWidth) };
  }
}
