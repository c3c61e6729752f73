// Every provider's fixtures, typed so that a provider without fixtures does not compile.

import { providerIds, type ProviderId } from "../types";
import { attioFixtures } from "./attio";
import { calendlyFixtures } from "./calendly";
import { customFixtures } from "./custom";
import { githubFixtures } from "./github";
import type { ProviderFixtures } from "./helpers";
import { hubspotFixtures } from "./hubspot";
import { linearFixtures } from "./linear";
import { microsoftGraphFixtures } from "./microsoft-graph";
import { shopifyFixtures } from "./shopify";
import { slackFixtures } from "./slack";
import { stripeFixtures } from "./stripe";
import { zoomFixtures } from "./zoom";

export const fixturesByProvider = {
  hubspot: [hubspotFixtures],
  shopify: [shopifyFixtures],
  stripe: [stripeFixtures],
  github: [githubFixtures],
  slack: [slackFixtures],
  linear: [linearFixtures],
  attio: [attioFixtures],
  zoom: [zoomFixtures],
  "microsoft-graph": [microsoftGraphFixtures],
  calendly: [calendlyFixtures],
  custom: customFixtures,
} satisfies Record<ProviderId, readonly ProviderFixtures[]>;

export const allFixtures: ProviderFixtures[] = providerIds.flatMap((id) => fixturesByProvider[id]);
