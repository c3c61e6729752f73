// Display names until the provider registry lands; then this reads from it.
const names: Record<string, string> = {
  hubspot: "HubSpot",
  shopify: "Shopify",
  stripe: "Stripe",
  github: "GitHub",
  slack: "Slack",
  linear: "Linear",
  attio: "Attio",
  zoom: "Zoom",
  "microsoft-graph": "Microsoft Graph",
  calendly: "Calendly",
  custom: "Custom",
};

export function providerName(provider: string): string {
  return names[provider] ?? provider;
}
