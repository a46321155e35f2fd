// The loopback servers for `npm run bench:domain`, in their own process so that their TLS work does not
// share the probe's event loop: the fixture DNS server and MTA-STS host from the mail lab, and one
// STARTTLS server per MX host of good.example.test (two ports, as two real MX hosts would be two machines).
// Prints one JSON line with the ports and the test CA, then serves until it is sent SIGTERM.
import { startMailLab } from '../test/fixtures/smtp/mail-lab';
import { startSmtpServer } from '../test/fixtures/smtp/smtp-servers';

const lab = await startMailLab();
const mx2 = await startSmtpServer({ cert: lab.pki.leaf({ hosts: ['mx2.good.example.test'] }), name: 'mx2.good.example.test' });
const mx1 = await startSmtpServer({ cert: lab.pki.leaf({ hosts: ['mx1.good.example.test'] }), name: 'mx1.good.example.test' });
console.log(
  JSON.stringify({
    dns: lab.dns.server,
    smtp: { 'mx1.good.example.test': mx1.port, 'mx2.good.example.test': mx2.port },
    mtaStsPort: lab.mtaSts.port,
    caPem: lab.pki.caPem,
  }),
);
const stop = () => void Promise.all([lab.close(), mx1.close(), mx2.close()]).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
