import { createRouter } from '../../http/router.js';
import * as activity from './activity.js';
import * as get from './get.js';
import * as profile from './profile.js';
import * as updateProfile from './update-profile.js';

export const meRouter = createRouter()
  .openapi(get.route, get.handler)
  .openapi(activity.route, activity.handler)
  .openapi(profile.route, profile.handler)
  .openapi(updateProfile.route, updateProfile.handler);
