import { createRouter } from '../../http/router.js';
import * as summary from './summary.js';

export const networkRouter = createRouter().openapi(summary.route, summary.handler);
