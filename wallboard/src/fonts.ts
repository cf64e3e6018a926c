// The faces the wall uses, bundled so a TV box without them (no CJK fonts at all, often) renders the same. Each
// @font-face carries a unicode-range, so a browser downloads only the subsets whose glyphs are on screen.
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/inter/latin-700.css';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import '@fontsource/noto-sans-sc/700.css';
