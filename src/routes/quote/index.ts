import { createRouter } from '../../http/router.js';
import * as get from './get.js';

export const quoteRouter = createRouter().openapi(get.route, get.handler);
