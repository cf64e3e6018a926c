// The built-in config: the floor the simulator plays (its queue and team ids), in the machine's time zone (set TZ
// to choose another), so "today" on the screens begins at the local midnight of whoever runs it.
export const demoConfig = {
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  queues: [
    { id: 'sales', name: 'Sales', slThresholdSec: 20, slTarget: 0.8 },
    { id: 'support', name: 'Support', slThresholdSec: 30, slTarget: 0.8 },
    { id: 'billing', name: 'Billing', slThresholdSec: 20, slTarget: 0.9 },
    { id: 'campaign', name: 'Outbound campaign' },
  ],
  teams: [
    { id: 't1', name: 'Team 1' },
    { id: 't2', name: 'Team 2' },
    { id: 't3', name: 'Team 3' },
    { id: 't4', name: 'Team 4' },
  ],
};
