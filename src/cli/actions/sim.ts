/** `winbook sim up|log`'s work (src/cli/commands/sim.ts defines them): the simulator loads only here. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostAddress, startSimSite } from '../../sim/site.ts';
import { checkKdcTools } from '../../sim/domain/kdc.ts';
import { LAB_DOMAIN_DNS, type LabDomain, startLabDomain } from '../../sim/domain/lab-domain.ts';
import { makeLabCert } from '../../sim/winrm/lab-cert.ts';
import { parseIntOption } from '../options.ts';
import { OptionsError } from '../../errors.ts';
import { formatLogLine } from '../../sim/qlik/log-format.ts';
import { qlikBase, qlikHostCount, upQlikSite } from './sim-qlik.ts';
import type { UpFlags } from '../commands/sim.ts';

const CBT_LEVELS = ['none', 'relaxed', 'strict'] as const;
/** Where the lab domain's KDC listens in the site's block: after the hosts a /24 normally holds. */
const KDC_HOST_INDEX = 250;

export async function simUp(flags: UpFlags): Promise<void> {
  if (!/^127\.\d{1,3}\.\d{1,3}$/.test(flags.baseAddress)) {
    throw new OptionsError('BAD_OPTION', `--base-address ${flags.baseAddress}: the simulator only listens on loopback (127.x.y)`, { hint: 'e.g. --base-address 127.0.10' });
  }
  const sshPort = flags.ssh === undefined || flags.ssh === false ? undefined : flags.ssh === true ? 22 : parseIntOption('--ssh', 0)(flags.ssh);
  if (flags.site !== undefined && flags.site !== 'qlik') throw new OptionsError('BAD_OPTION', `--site ${flags.site}: unknown site kind`, { hint: 'the only kind is qlik' });
  const cbt = flags.cbt?.toLowerCase();
  if (cbt !== undefined && !(CBT_LEVELS as readonly string[]).includes(cbt)) {
    throw new OptionsError('BAD_OPTION', `--cbt ${flags.cbt}: not a CbtHardeningLevel`, { hint: 'use none, relaxed (Windows\' default) or strict' });
  }
  if (cbt !== undefined && !flags.https) throw new OptionsError('BAD_OPTION', '--cbt applies to HTTPS listeners only', { hint: 'add --https (channel binding binds a logon to the TLS certificate)' });
  // Before any host starts: a missing KDC is one clear message, not a half-started site.
  if (flags.domain) checkKdcTools();

  const qlik = flags.site === 'qlik';
  const base = qlik ? qlikBase(flags.baseAddress) : flags.baseAddress;
  const count = qlik ? qlikHostCount(flags) : flags.hosts;
  const names = Array.from({ length: count }, (_, i) => `${qlik ? 'qlik' : 'win'}${String(i + 1).padStart(2, '0')}`);
  const cert = flags.https
    ? makeLabCert(join(flags.stateDir, 'winrm-tls'), {
        addresses: names.map((_, i) => hostAddress(base, i + 1)),
        dnsNames: names.flatMap((n) => [n, `${n}.${LAB_DOMAIN_DNS}`]),
      })
    : undefined;
  const quota = flags.maxOperations === undefined ? {} : { maxConcurrentOperationsPerUser: flags.maxOperations };
  const listener = cert
    ? { https: { cert: cert.cert, key: cert.key }, cbtHardeningLevel: cbt as (typeof CBT_LEVELS)[number] | undefined, ...quota }
    : flags.maxOperations === undefined ? undefined : quota;
  const domain: LabDomain | undefined = flags.domain
    ? await startLabDomain({ hostNames: names, adminPassword: flags.password, stateDir: flags.stateDir, address: `${base}.${KDC_HOST_INDEX}` })
    : undefined;

  let close: () => Promise<void>;
  let playbook: string;
  try {
    if (qlik) {
      const site = await upQlikSite(
        { ...flags, sshPort },
        { listener, caTrustPath: cert?.caPath, domain: domain?.options, serviceAccount: domain?.service },
      );
      close = () => site.close();
      playbook = 'playbooks/qlik-sense/change-service-account.yml';
    } else {
      const site = await startSimSite({
        hosts: flags.hosts,
        baseAddress: flags.baseAddress,
        port: flags.port,
        stateDir: flags.stateDir,
        latencyMs: flags.latencyMs,
        adminPassword: flags.password,
        ssh: sshPort === undefined ? undefined : { port: sshPort },
        listener,
        caTrustPath: cert?.caPath,
        domain: domain?.options,
      });
      if (flags.inventory) await writeFile(flags.inventory, site.inventory(), { mode: 0o600 });
      for (const h of site.hosts) process.stdout.write(`  ${h.name}  ${h.listener.url}${h.ssh ? `  ssh://${h.ssh.address}:${h.ssh.port}` : ''}\n`);
      process.stdout.write(`winbook sim: ${site.hosts.length} hosts ready; inventory ${flags.inventory ?? join(flags.stateDir, 'inventory.yml')}; Ctrl-C to stop\n`);
      close = () => site.close();
      playbook = 'playbooks/demo.yml';
    }
  } catch (e) {
    await domain?.stop();
    throw e;
  }
  if (domain) {
    process.stdout.write(`  KDC      ${domain.kdc.realm} on ${domain.kdc.address}:${domain.kdc.port} (krb5kdc pid ${domain.kdc.pid}); logon ${domain.admin.upn}, service account ${domain.service.name}\n`);
  }
  // The command a newcomer runs next. winbook finds the KDC as kinit does, through KRB5_CONFIG (Ansible has no
  // inventory variable for it either): the same line works for ansible-playbook with pywinrm and a kinit.
  const inventory = flags.inventory ?? join(flags.stateDir, 'inventory.yml');
  const krb5 = domain ? `KRB5_CONFIG=${domain.krb5Conf} ` : '';
  process.stdout.write(`next: ${krb5}npx winbook run ${playbook} -i ${inventory}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    await close();
  } finally {
    await domain?.stop();
  }
  process.stdout.write('winbook sim: stopped\n');
}

export async function simLog(flags: { stateDir: string; host?: string }): Promise<void> {
  const file = join(flags.stateDir, 'rehearsal.jsonl');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new OptionsError('NO_REHEARSAL_LOG', `no rehearsal log at ${file}`, { hint: 'start a site with `winbook sim up --state-dir DIR` and run a playbook against it first' });
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as { time: string; host: string; account: string; what: string; target: string; detail?: unknown };
    if (flags.host && e.host.toLowerCase() !== flags.host.toLowerCase()) continue;
    process.stdout.write(formatLogLine(e as Parameters<typeof formatLogLine>[0]) + '\n');
  }
}
