// Imported first by the entry point: zod would otherwise probe `new Function('')` to see whether it may compile
// fast parsers, which the page's CSP (no 'unsafe-eval') refuses and reports as a violation.
import { z } from 'zod';

z.config({ jitless: true });
