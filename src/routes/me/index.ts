import { createRouter } from '../../http/router.js';
import * as activity from './activity.js';
import * as addPasskey from './add-passkey.js';
import * as consents from './consents.js';
import * as contactSettings from './contact-settings.js';
import * as createPayCode from './create-pay-code.js';
import * as deleteGoal from './delete-goal.js';
import * as erase from './erase.js';
import * as exportData from './export.js';
import * as get from './get.js';
import * as goal from './goal.js';
import * as inbox from './inbox.js';
import * as merge from './merge.js';
import * as passkeyOptions from './passkey-options.js';
import * as passkeys from './passkeys.js';
import * as profile from './profile.js';
import * as readMessage from './read-message.js';
import * as removePasskey from './remove-passkey.js';
import * as saveGoal from './save-goal.js';
import * as setConsent from './set-consent.js';
import * as setContactSettings from './set-contact-settings.js';
import * as status from './status.js';
import * as statusForecast from './status-forecast.js';
import * as statusGifts from './status-gifts.js';
import * as statusHistory from './status-history.js';
import * as updateProfile from './update-profile.js';

export const meRouter = createRouter()
  .openapi(get.route, get.handler)
  .openapi(activity.route, activity.handler)
  .openapi(profile.route, profile.handler)
  .openapi(updateProfile.route, updateProfile.handler)
  .openapi(exportData.route, exportData.handler)
  .openapi(erase.route, erase.handler)
  .openapi(passkeyOptions.route, passkeyOptions.handler)
  .openapi(passkeys.route, passkeys.handler)
  .openapi(addPasskey.route, addPasskey.handler)
  .openapi(removePasskey.route, removePasskey.handler)
  .openapi(createPayCode.route, createPayCode.handler)
  .openapi(merge.route, merge.handler)
  .openapi(status.route, status.handler)
  .openapi(statusForecast.route, statusForecast.handler)
  .openapi(statusHistory.route, statusHistory.handler)
  .openapi(statusGifts.route, statusGifts.handler)
  .openapi(consents.route, consents.handler)
  .openapi(setConsent.route, setConsent.handler)
  .openapi(contactSettings.route, contactSettings.handler)
  .openapi(setContactSettings.route, setContactSettings.handler)
  .openapi(inbox.route, inbox.handler)
  .openapi(readMessage.route, readMessage.handler)
  .openapi(goal.route, goal.handler)
  .openapi(saveGoal.route, saveGoal.handler)
  .openapi(deleteGoal.route, deleteGoal.handler);
