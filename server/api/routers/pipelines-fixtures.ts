import { fixturesByProvider } from "../../providers/__fixtures__";
import { fixtureNow } from "../../providers/__fixtures__/helpers";
import { findProvider } from "../../providers/registry";
import { isProviderId } from "../../providers/types";

// Sample events for a provider, from the same fixtures the adapter tests verify: each
// fixture request is split by the provider's own adapter, so types and payloads are
// exactly what a pipeline would see.

export interface FixtureSample {
  name: string;
  type: string;
  payload: unknown;
}

const cache = new Map<string, FixtureSample[]>();

export function fixtureSamples(providerId: string): FixtureSample[] {
  const cached = cache.get(providerId);
  if (cached) return cached;
  const provider = findProvider(providerId);
  if (!provider || !isProviderId(providerId)) return [];
  const samples: FixtureSample[] = [];
  for (const set of fixturesByProvider[providerId]) {
    for (const fixture of set.events) {
      try {
        const webhook = fixture.build({ secret: set.secret, at: fixtureNow });
        const events = provider.webhooks.split(webhook, { secret: set.secret, settings: set.settings, now: fixtureNow });
        events.forEach((event, index) => {
          const name = [set.variant, fixture.name, events.length > 1 ? `#${index + 1}` : null].filter(Boolean).join(" · ");
          samples.push({ name, type: event.type, payload: event.payload });
        });
      } catch {
        // A fixture that does not split (a handshake-only sample) has no event to offer.
      }
    }
  }
  cache.set(providerId, samples);
  return samples;
}
