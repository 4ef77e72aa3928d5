// @dlfun/echarts: a JupyterLab 4 / Notebook 7 MIME renderer for dlfun charts.
//
// A dlfun chart output carries the ECharts option as the MIME type
// application/vnd.dlfun.echarts.v1+json (see dl/echarts/mime.go):
//
//   {"charts": [{"option": {...}, "height": 300}, ...], "minWidth": 280}
//
// GoNB forwards display content as plain strings, so the document usually
// arrives as a JSON string; an object is accepted too. Like JupyterLab's Vega
// renderer, no script travels in the notebook: the renderer is "safe" and
// draws in untrusted notebooks. ECharts is bundled (no CDN). Each chart
// resizes with the cell (ResizeObserver), is disposed with its output,
// follows the light/dark theme (body[data-jp-theme-light]) and keeps the
// option's toolbox (zoom, restore, save as image).

import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import * as echarts from 'echarts';

/** The MIME type of a dlfun chart output. */
export const MIME_TYPE = 'application/vnd.dlfun.echarts.v1+json';

/** One chart of the document. */
interface IChartEntry {
  option: { [key: string]: any };
  height: number;
}

/** The document of MIME_TYPE, version 1. */
interface IChartsDoc {
  charts: IChartEntry[];
  minWidth?: number;
}

// The alphabet of quantized values (heatmap cells, image pixels): index 0
// is the lowest level, the last the highest; any other character is a gap.
// Must match dl/echarts/loader.go.
const ALPHABET =
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** parseDoc validates the output's data, accepting a string or an object. */
export function parseDoc(data: unknown): IChartsDoc {
  const doc = typeof data === 'string' ? JSON.parse(data) : data;
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as any).charts)) {
    throw new Error('not a dlfun chart document: no "charts" list');
  }
  for (const c of (doc as IChartsDoc).charts) {
    if (!c || typeof c.option !== 'object' || c.option === null) {
      throw new Error('a chart of the document has no "option" object');
    }
    if (typeof c.height !== 'number' || !(c.height > 0) || c.height > 20000) {
      c.height = 360;
    }
  }
  return doc as IChartsDoc;
}

function isDark(): boolean {
  return document.body.dataset.jpThemeLight === 'false';
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * pow10 labels a logarithmic axis: powers of ten from 0.01 to 1000 as
 * plain numbers, the others as 10⁻⁸ or 10⁵, anything else with 3
 * significant digits. Mirrors p10 in dl/echarts/loader.go.
 */
export function pow10(v: number): string {
  if (!(v > 0)) {
    return String(v);
  }
  const e = Math.round(Math.log10(v));
  if (Math.abs(v / Math.pow(10, e) - 1) > 1e-9) {
    return String(+v.toPrecision(3));
  }
  if (e >= -2 && e <= 3) {
    return String(+v.toPrecision(1));
  }
  let t = '10' + (e < 0 ? '⁻' : '');
  for (const c of String(Math.abs(e))) {
    t += SUPERSCRIPTS.charAt(+c);
  }
  return t;
}

/** num writes a tick value with at most 4 significant digits (4e-11, not
 * 0.00000000004). Mirrors num in dl/echarts/loader.go. */
export function num(v: number): string {
  return String(+(+v).toPrecision(4));
}

/** The label formatters axisLabel.dlfunFormat names. */
const FORMATTERS: { [name: string]: (v: number) => string } = { pow10, num };

/**
 * expand replaces dlfun's compact entries by what ECharts draws:
 * axisLabel.dlfunFormat "pow10" or "num" becomes that formatter,
 * series[].dlfunGrid (quantized heatmap cells) becomes series data, and
 * dlfunImages (quantized grey-scale pictures) becomes graphic elements laid
 * out for the element's width. It returns a new option and the height the
 * element needs (image grids grow when they wrap). Mirrors expand in
 * dl/echarts/loader.go.
 */
export function expand(
  src: { [key: string]: any },
  width: number,
  height: number,
  dark: boolean
): { option: { [key: string]: any }; height: number } {
  const o = JSON.parse(JSON.stringify(src));
  // axisLabel.dlfunFormat names a label formatter (a function, which JSON
  // cannot carry): "pow10" for logarithmic axes.
  for (const a of ([] as any[]).concat(o.xAxis || [], o.yAxis || [])) {
    const l = a && a.axisLabel;
    const f = l && FORMATTERS[l.dlfunFormat];
    if (f) {
      delete l.dlfunFormat;
      l.formatter = f;
    }
  }
  const L = ALPHABET.length - 1;
  const lv = (ch: string) => ALPHABET.indexOf(ch);
  for (const s of o.series || []) {
    const g = s.dlfunGrid;
    if (!g) {
      continue;
    }
    delete s.dlfunGrid;
    const d: number[][] = [];
    let k = 0;
    for (let y = 0; y < g.h; y++) {
      for (let x = 0; x < g.w; x++, k++) {
        const v = lv(g.q.charAt(k));
        if (v >= 0) {
          d.push([x, y, g.lo + ((g.hi - g.lo) * v) / L]);
        }
      }
    }
    s.data = d;
  }
  const im = o.dlfunImages;
  if (im) {
    delete o.dlfunImages;
    const gr: any[] = (o.graphic = []);
    const S = im.scale;
    const W = im.w * S;
    const H = im.h * S;
    const cw = im.cw || W;
    const cols = Math.max(
      1,
      Math.min(im.cols, Math.floor((width - 10) / (cw + im.gap)))
    );
    height = im.top + Math.ceil(im.imgs.length / cols) * (H + im.gap + 16) + 4;
    im.imgs.forEach((m: any, i: number) => {
      const cv = document.createElement('canvas');
      cv.width = W;
      cv.height = H;
      const cx = cv.getContext('2d')!;
      const px = cx.createImageData(W, H);
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          // pk 2: two pixels per character, 7 levels each (quantizePairs)
          const k = ((y / S) | 0) * im.w + ((x / S) | 0);
          const v = Math.max(lv(m.p.charAt(im.pk ? k >> 1 : k)), 0);
          const c = im.pk
            ? 255 - Math.round((255 * (k & 1 ? v % 7 : (v / 7) | 0)) / 6)
            : 255 - Math.round((255 * v) / L);
          const j = 4 * (y * W + x);
          px.data[j] = px.data[j + 1] = px.data[j + 2] = c;
          px.data[j + 3] = 255;
        }
      }
      cx.putImageData(px, 0, 0);
      const l = 10 + (i % cols) * (cw + im.gap);
      const t = im.top + ((i / cols) | 0) * (H + im.gap + 16);
      const red = '#d62728';
      gr.push({ type: 'image', left: l, top: t, style: { image: cv, width: W, height: H } });
      gr.push({
        type: 'rect',
        left: l,
        top: t,
        shape: { width: W, height: H },
        style: { fill: 'none', stroke: m.r ? red : '#bbb', lineWidth: m.r ? 2 : 1 }
      });
      if (m.c) {
        gr.push({
          type: 'text',
          left: l,
          top: t + H + 9,
          style: { text: m.c, fill: m.r ? red : dark ? '#ddd' : '#333', font: '11px sans-serif' }
        });
      }
    });
  }
  if (dark) {
    darken(o);
  }
  return { option: o, height };
}

// Grid lines dlfun draws in a light grey for white backgrounds.
const LIGHT_GRID = /^#(e{3}|e{6}|d{3}|d{6})$/i;

/**
 * darken adapts an option to a dark background: ECharts' dark theme
 * colours everything the option leaves unset; dlfun's light grey grid
 * lines become dark grey, and the theme's own background gives way to
 * JupyterLab's.
 */
function darken(o: { [key: string]: any }): void {
  o.backgroundColor = 'transparent';
  for (const key of ['xAxis', 'yAxis']) {
    const axes = Array.isArray(o[key]) ? o[key] : o[key] ? [o[key]] : [];
    for (const ax of axes) {
      const ls = ax && ax.splitLine && ax.splitLine.lineStyle;
      if (ls && typeof ls.color === 'string' && LIGHT_GRID.test(ls.color)) {
        ls.color = '#3a3a3a';
      }
    }
  }
}

/** One drawn chart: its element, its option and its ECharts instance. */
class ChartView {
  constructor(
    readonly node: HTMLDivElement,
    public entry: IChartEntry
  ) {}

  /** draw (re)creates the chart when the theme changed, else sets the option. */
  draw(dark: boolean): void {
    const width = this.node.clientWidth;
    if (!width) {
      return; // not in the page yet: the ResizeObserver calls again
    }
    if (this.chart && this.dark !== dark) {
      this.chart.dispose();
      this.chart = null;
    }
    const { option, height } = expand(this.entry.option, width, this.entry.height, dark);
    if (this.node.style.height !== height + 'px') {
      this.node.style.height = height + 'px';
    }
    if (!this.chart) {
      this.chart = echarts.init(this.node, dark ? 'dark' : undefined);
      this.dark = dark;
    }
    this.chart.setOption(option, { notMerge: true });
    this.node.dataset.theme = this.dark ? 'dark' : 'light'; // for tests and styles
    this.imagesWidth = option.graphic && this.entry.option.dlfunImages ? width : 0;
  }

  /**
   * resize follows the element's size; image grids are laid out again, and
   * a theme change that came while the element had no width (JupyterLab
   * hides the page while it swaps theme styles) is applied now.
   */
  resize(dark: boolean): void {
    if (
      !this.chart ||
      this.dark !== dark ||
      (this.entry.option.dlfunImages && this.node.clientWidth !== this.imagesWidth)
    ) {
      this.draw(dark);
    } else {
      this.chart.resize();
    }
  }

  /** themePending reports a chart still drawn in the other theme. */
  themePending(dark: boolean): boolean {
    return this.chart !== null && this.dark !== dark;
  }

  dispose(): void {
    if (this.chart) {
      this.chart.dispose();
      this.chart = null;
    }
  }

  private chart: echarts.ECharts | null = null;
  private dark = false;
  private imagesWidth = 0;
}

/** The renderer of one output: a row of one or more charts. */
export class EChartsRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this.mimeType = options.mimeType;
    this.addClass('dlfun-echarts-output');
    this.node.style.width = '100%';
    this.resizeObserver = new ResizeObserver(() => this.resizeAll());
    this.resizeObserver.observe(this.node);
    this.themeObserver = new MutationObserver(() => this.resizeAll(true));
    this.themeObserver.observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-light']
    });
  }

  readonly mimeType: string;

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    let doc: IChartsDoc;
    try {
      doc = parseDoc(model.data[this.mimeType]);
    } catch (e) {
      this.clear();
      const pre = document.createElement('pre');
      pre.textContent = 'dlfun chart: ' + (e as Error).message;
      this.node.appendChild(pre);
      return Promise.resolve();
    }
    // A live chart (update_display_data) keeps its instances: same layout,
    // new options, no flicker.
    if (this.views.length === doc.charts.length && this.views.length > 0) {
      doc.charts.forEach((c, i) => (this.views[i].entry = c));
    } else {
      this.clear();
      const row = doc.charts.length > 1;
      const parent = row ? document.createElement('div') : this.node;
      if (row) {
        parent.style.cssText =
          'display:flex;flex-wrap:wrap;gap:8px;width:100%;align-items:flex-start';
        this.node.appendChild(parent);
      }
      for (const c of doc.charts) {
        const el = document.createElement('div');
        el.className = 'dlfun-echarts';
        el.style.width = '100%';
        el.style.height = c.height + 'px';
        if (row) {
          const item = document.createElement('div');
          item.style.cssText = 'flex:1 1 0;min-width:' + (doc.minWidth || 280) + 'px';
          item.appendChild(el);
          parent.appendChild(item);
        } else {
          parent.appendChild(el);
        }
        this.views.push(new ChartView(el, c));
      }
    }
    const dark = isDark();
    for (const v of this.views) {
      v.draw(dark);
    }
    return Promise.resolve();
  }

  protected onAfterAttach(): void {
    this.resizeAll();
  }

  protected onResize(): void {
    this.resizeAll();
  }

  private resizeAll(themeChange = false, retries = 50): void {
    if (this.isDisposed) {
      return;
    }
    const dark = isDark();
    let pending = false;
    for (const v of this.views) {
      if (themeChange) {
        v.draw(dark);
      } else {
        v.resize(dark);
      }
      pending = pending || v.themePending(dark);
    }
    // JupyterLab hides the page while it swaps theme styles: a chart that
    // had no width then is drawn again shortly (for at most 10 s).
    if (pending && retries > 0) {
      setTimeout(() => this.resizeAll(true, retries - 1), 200);
    }
  }

  private clear(): void {
    for (const v of this.views) {
      v.dispose();
    }
    this.views = [];
    this.node.textContent = '';
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.resizeObserver.disconnect();
    this.themeObserver.disconnect();
    this.clear();
    super.dispose();
  }

  private views: ChartView[] = [];
  private resizeObserver: ResizeObserver;
  private themeObserver: MutationObserver;
}

/** The factory JupyterLab's rendermime registry uses for MIME_TYPE. */
export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME_TYPE],
  createRenderer: options => new EChartsRenderer(options)
};

/** The extension: ranked before text/html (50), so it wins over the fallback. */
const extension: IRenderMime.IExtension = {
  id: '@dlfun/echarts:renderer',
  rendererFactory,
  rank: 20,
  dataType: 'json'
};

export default extension;
