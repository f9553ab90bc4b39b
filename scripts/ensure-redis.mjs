// Makes sure Debian's redis-server is installed for the distributed tests (they start their own
// servers on free ports), installing it with apt-get when it is missing and we may (root).
import { execSync } from 'node:child_process';

function installed() {
  try {
    execSync('redis-server --version', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!installed()) {
  if (process.getuid?.() !== 0) {
    console.error(
      'redis-server is missing. Install it with: sudo apt-get update && sudo apt-get install -y redis-server',
    );
    process.exit(1);
  }
  console.log('Installing redis-server from Debian packages for the distributed tests...');
  execSync('apt-get update -qq && apt-get install -y -qq redis-server', {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
