/**
 * A minimal Kamailio 5.6 registrar with the same behaviour as Tandem's for this benchmark: the same realm,
 * domains and users, a 401 challenge with qop=auth and MD5, nonce-count replay protection (Tandem tracks nc
 * per nonce too), transaction-stateful handling (Tandem's server transactions absorb retransmissions too),
 * the authenticated user must be the AOR's user, bindings in memory only (usrloc db_mode 0). No rate limit,
 * like Tandem with 127.0.0.1 trusted. Users live in a db_text subscriber table holding HA1 hashes, as
 * Tandem stores HA1 rather than passwords.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOOPBACK } from '../support/loopback-ports.js';

export const kamailioModules = '/usr/lib/x86_64-linux-gnu/kamailio/modules';

export interface KamailioRegistrarOptions {
  readonly port: number;
  /** UDP worker processes. */
  readonly children: number;
  readonly realm: string;
  readonly domains: readonly string[];
  readonly users: readonly { readonly username: string; readonly password: string }[];
}

const modules = [
  'tm',
  'sl',
  'rr',
  'maxfwd',
  'textops',
  'siputils',
  'xlog',
  'sanity',
  'pv',
  'usrloc',
  'registrar',
  'db_text',
  'auth',
  'auth_db',
];

export function kamailioConfig(options: KamailioRegistrarOptions, dbDir: string): string {
  const servedDomain = options.domains.map((domain) => `$rd == "${domain}"`).join(' || ');
  return `#!KAMAILIO
# Written by bench/sip/kamailio-config.ts for one benchmark run.
debug=1
log_stderror=yes
children=${options.children}
disable_tcp=yes
auto_aliases=no
listen=udp:${LOOPBACK}:${options.port}
mpath="${kamailioModules}/"

${modules.map((name) => `loadmodule "${name}.so"`).join('\n')}

modparam("usrloc", "db_mode", 0)
modparam("auth", "qop", "auth")
modparam("auth", "nonce_count", 1)
modparam("auth_db", "db_url", "text://${dbDir}")
modparam("auth_db", "calculate_ha1", 0)
modparam("auth_db", "password_column", "ha1")
modparam("auth_db", "use_domain", 0)

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (!sanity_check("1511", "7")) { exit; }
  if (!is_method("REGISTER")) { sl_send_reply("405", "Method Not Allowed"); exit; }
  if (!(${servedDomain})) { sl_send_reply("403", "Domain Not Served"); exit; }
  if (!t_newtran()) { sl_reply_error(); exit; }
  if (!www_authenticate("${options.realm}", "subscriber")) {
    www_challenge("${options.realm}", "1");
    exit;
  }
  if ($au != $tU) { t_reply("403", "Not Allowed To Register"); exit; }
  if (!save("location")) { sl_reply_error(); }
  exit;
}
`;
}

/** The db_text database: a version table and the subscriber table with HA1 = MD5(user:realm:password). */
export async function writeSubscriberTable(dbDir: string, options: KamailioRegistrarOptions): Promise<void> {
  await mkdir(dbDir, { recursive: true });
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const rows = options.users.map(({ username, password }, index) =>
    [
      index + 1,
      username,
      options.realm,
      '',
      md5(`${username}:${options.realm}:${password}`),
      md5(`${username}@${options.realm}:${options.realm}:${password}`),
    ].join(':'),
  );
  const subscriberColumns =
    'id(int,auto) username(string) domain(string) password(string,null) ha1(string) ha1b(string)';
  await writeFile(join(dbDir, 'subscriber'), `${subscriberColumns}\n${rows.join('\n')}\n`);
  // auth_db checks the table version it was written for (subscriber 7 in Kamailio 5.6).
  await writeFile(join(dbDir, 'version'), 'table_name(string) table_version(int)\nsubscriber:7\n');
}
