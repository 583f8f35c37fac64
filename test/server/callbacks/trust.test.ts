/** Which signing-key URLs a tenant trusts: its own ConnectWise's region hosts, the key-URL shape, its company. */
import { describe, expect, it } from 'vitest';
import { checkKeyUrl, trustedKeyOrigins } from '../../../server/callbacks/trust.ts';

const cloud = { cwSite: 'https://na.myconnectwise.net', cwCompanyId: 'acme', callbackKeyHosts: null };
const keyUrl = (host: string, company = 'acme', path = '/v2025_1//system/callbackkey/index.rails') =>
  `https://${host}${path}?companyName=${company}&id=89966c04-9889-46ad-8d5e-421103aca922`;

describe('trusted signing-key hosts', () => {
  it("trusts the region's hosts of the tenant's cloud ConnectWise (sandbox-na beside na), and nothing else", () => {
    const trusted = trustedKeyOrigins({
      tenant: cloud,
      connectionUrls: ['https://api-na.myconnectwise.net/v4_6_release/apis/3.0'],
      simulatorTenant: false,
    });
    expect(trusted).toEqual([
      'https://api-na.myconnectwise.net',
      'https://na.myconnectwise.net',
      'https://sandbox-na.myconnectwise.net',
    ]);
    expect(checkKeyUrl(keyUrl('sandbox-na.myconnectwise.net'), trusted, 'acme').ok).toBe(true);
    expect(checkKeyUrl(keyUrl('eu.myconnectwise.net'), trusted, 'acme').ok).toBe(false);
    expect(checkKeyUrl(keyUrl('na.myconnectwise.net.evil.com'), trusted, 'acme').ok).toBe(false);
  });

  it("never trusts this server's origin unless the tenant is the simulator's; adds the tenant's own hosts", () => {
    const server = 'http://127.0.0.1:8787';
    const input = {
      tenant: { ...cloud, callbackKeyHosts: ['cw.acme.example'] },
      connectionUrls: [`${server}/sim/cw/v4_6_release/apis/3.0`],
      serverOrigin: server,
    };
    expect(trustedKeyOrigins({ ...input, simulatorTenant: false })).not.toContain(server);
    expect(trustedKeyOrigins({ ...input, simulatorTenant: false })).toContain('https://cw.acme.example');
    expect(trustedKeyOrigins({ ...input, simulatorTenant: true })).toContain(server);
    // Plain http only on loopback (simulators in another process), never for a public host.
    const other = trustedKeyOrigins({
      tenant: { ...cloud, cwSite: 'http://cw.acme.example' },
      connectionUrls: ['http://127.0.0.1:9000/sim/cw/v4_6_release/apis/3.0'],
      serverOrigin: server,
      simulatorTenant: false,
    });
    expect(other).toContain('http://127.0.0.1:9000');
    expect(other).not.toContain('http://cw.acme.example');
  });

  it('fetches only the key-URL shape, for the tenant company, rebuilt from its parts', () => {
    const trusted = ['https://na.myconnectwise.net'];
    const ok = checkKeyUrl(keyUrl('na.myconnectwise.net', 'ACME'), trusted, 'acme');
    expect(ok).toMatchObject({
      ok: true,
      key: {
        url: 'https://na.myconnectwise.net/v2025_1//system/callbackkey/index.rails?companyName=ACME&id=89966c04-9889-46ad-8d5e-421103aca922',
      },
    });
    const refused = [
      keyUrl('na.myconnectwise.net', 'globex'),
      keyUrl('na.myconnectwise.net', 'acme', '/v4_6_release/apis/3.0/system/members'),
      `${keyUrl('na.myconnectwise.net')}&next=/admin`,
      'https://user:pw@na.myconnectwise.net/v2025_1/system/callbackkey/index.rails?companyName=acme&id=1',
      'https://na.myconnectwise.net/v2025_1/system/callbackkey/index.rails?companyName=acme&id=../../x',
      'not a url',
    ];
    for (const url of refused) expect(checkKeyUrl(url, trusted, 'acme').ok, url).toBe(false);
  });
});
