/** The Qlik modules' behaviours on a simulated node, merged into the host's behaviour table. */
import type { Behaviour } from '../../host/behaviours/types.ts';
import { qlikBootstrapBehaviour } from './qlik_bootstrap.ts';
import { qlikServiceAccountBehaviour } from './qlik_service_account.ts';
import { qlikServicesBehaviour } from './qlik_services.ts';

export const qlikBehaviours: Record<string, Behaviour> = {
  qlik_services: qlikServicesBehaviour,
  qlik_bootstrap: qlikBootstrapBehaviour,
  qlik_service_account: qlikServiceAccountBehaviour,
};
