// How big the wall's text must be to be read from where people sit (docs/wallboard.md, "Sizes"): a figure's capitals
// must subtend at least 16 minutes of arc at the viewer's eye (ANSI/HFES 100, ISO 9241-303); labels, read once,
// may be half that. The panel's size and the viewport's pixels turn millimetres into CSS pixels.

/** Minimum visual angle of a figure's cap height, in arcminutes. */
const MIN_ARCMIN = 16;
/** Cap height of digits and capitals in the wall's faces (Inter, Noto Sans SC), as a fraction of the font size. */
const CAP_HEIGHT_EM = 0.72;
/** Labels may be this fraction of a figure's minimum. */
const LABEL_RATIO = 0.5;

export interface Viewing {
  viewingDistanceM: number;
  panelInches: number;
}

/** Cap height (mm) that subtends `arcmin` at `distanceM`: h = 2·d·tan(θ/2). */
export function capHeightMm(distanceM: number, arcmin = MIN_ARCMIN): number {
  const theta = ((arcmin / 60) * Math.PI) / 180;
  return 2 * distanceM * 1000 * Math.tan(theta / 2);
}

/** Millimetres per CSS pixel when a viewport of w×h CSS px fills a panel of `inches` diagonal (any aspect, any DPR). */
export function mmPerPx(inches: number, w: number, h: number): number {
  return (inches * 25.4) / Math.hypot(w, h);
}

export interface TextFloor {
  /** Smallest font size (CSS px) of a figure. */
  figurePx: number;
  /** Smallest font size (CSS px) of a label: LABEL_RATIO of a figure. */
  labelPx: number;
}

/** The smallest figure and label font sizes for a viewport of w×h CSS px on the board's panel and distance. */
export function textFloor(v: Viewing, w: number, h: number): TextFloor {
  const figurePx = capHeightMm(v.viewingDistanceM) / (CAP_HEIGHT_EM * mmPerPx(v.panelInches, w, h));
  return { figurePx, labelPx: figurePx * LABEL_RATIO };
}
