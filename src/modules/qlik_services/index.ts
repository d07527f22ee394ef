/**
 * qlik_services: stop, start or restart a node's Qlik Sense services in the documented order (stop in reverse;
 * start QRD → QSD → QRS → the rest), leaving `keep` (the Repository Database) untouched and waiting until each
 * service runs. Returns the order it used.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

export const qlikServicesSchema = lazySchema(() =>
  z
    .object({
      state: z.enum(['started', 'stopped', 'restarted']).describe('started: start what is stopped, in order; stopped: stop in reverse order; restarted: both.'),
      services: z.array(z.string().min(1)).optional().describe('Only these services (key names); default every Qlik Sense service on the node.'),
      keep: z.array(z.string().min(1)).default(['QlikSenseRepositoryDatabase']).describe('Services never stopped or started (the Repository Database).'),
      timeout: z.number().int().positive().default(600).describe('Seconds to wait for each service to reach its state.'),
    })
    .strict(),
);

export const qlikServices: ModuleDef<ReturnType<typeof qlikServicesSchema>> = {
  name: 'qlik_services',
  aliases: ['winbook.qlik.qlik_services'],
  description: 'Stop, start or restart the Qlik Sense services of a node in the documented order.',
  get schema() {
    return qlikServicesSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./qlik_services.ps1', import.meta.url));
  },
  examples: `- name: Stop all services except the Repository Database
  qlik_services:
    state: stopped
- name: Start the Service Dispatcher, then the Repository Service, then the rest
  qlik_services:
    state: started
`,
};
