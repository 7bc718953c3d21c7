import type { components } from '../../packages/client/src/schema.js';

/** The API's own response shapes, from the OpenAPI document (types only: nothing is bundled). */
type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type ActivityEntry = Schemas['ActivityEntry'];
export type ActivityPage = Schemas['ActivityPage'];
export type EventPage = Schemas['EventPage'];
export type Pool = Schemas['Pool'];
export type PoolInvite = Schemas['PoolInvite'];
export type MemberStatus = Schemas['MemberStatus'];
export type StatusForecast = Schemas['StatusForecast'];
export type StatusHistoryPage = Schemas['StatusHistoryPage'];
export type CatalogueOfferPage = Schemas['CatalogueOfferPage'];
export type ReservationPage = Schemas['ReservationPage'];
export type MyGiftCards = Schemas['MyGiftCards'];
export type Profile = Schemas['Profile'];
export type PayCode = Schemas['PayCode'];
export type Session = Schemas['Session'];
export type PasskeyOptions = Schemas['PasskeyRegistrationOptions'];
export type Consents = Schemas['Consents'];
export type ConsentScopes = Schemas['ConsentScopes'];
export type ContactSettings = Schemas['ContactSettings'];
export type Inbox = Schemas['Inbox'];
export type InboxMessage = Schemas['Message'];
