// The scaled shape on loopback for `npm run test:scale`: app processes (`node build/server.js`, the
// production build) on one PostgreSQL schema and one upload folder, behind Debian's nginx started from a
// generated configuration. Everything started here is stopped by its own PID.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../setup/ports";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** The request header nginx reads to send a request to one instance (`a`, `b`, …) instead of either. */
export const PIN_HEADER = "x-scale-instance";

export type Proc = { name: string; child: ChildProcess; pid: number; log: () => string; exited: Promise<number | null> };
export type Instance = Proc & { port: number; url: string };

function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (log += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, child, pid: child.pid!, log: () => log, exited };
}

/** Resolves once GET `url` answers 200; throws with the process's output if it exits or 120 s pass. */
export async function waitHealthy(p: Proc, url: string): Promise<void> {
  let gone = false;
  void p.exited.then(() => (gone = true));
  const deadline = Date.now() + 120_000; // a failure budget: migrations and seeding on a loaded machine
  for (;;) {
    if (gone) throw new Error(`${p.name} (pid ${p.pid}) exited before answering ${url}:\n${p.log().slice(-4000)}`);
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${p.name} (pid ${p.pid}) did not answer ${url} within 120 s:\n${p.log().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `node build/server.js` as instance `name` on `port` (a free one by default; an instance that
 * was killed comes back on its own, which nginx's upstream names) with `env` on top of this process's
 * environment, and waits until /healthz answers (its start-up — migrations, seeding, the first attempt
 * at each scheduled job's lease — is done by then).
 */
export async function startInstance(name: string, env: NodeJS.ProcessEnv, port?: number): Promise<Instance> {
  port ??= await freePort();
  const p = launch(name, process.execPath, ["build/server.js"], { ...process.env, ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(p, `${url}/healthz`);
  return { ...p, port, url };
}

/**
 * nginx's configuration: one upstream with every instance, idempotent requests retried on the next one
 * after a connection error or timeout (nginx never retries a POST that reached an instance), the
 * X-Forwarded-* headers the app trusts with TRUST_PROXY=1, and PIN_HEADER sending a request to one
 * named instance. The access log says which instance answered (`METHOD URI STATUS 127.0.0.1:PORT`).
 * Temp files, logs and the PID file stay under `dir`.
 */
export function nginxConf(dir: string, port: number, instances: Instance[]): string {
  const pins = instances.map((i) => `    ${i.name} 127.0.0.1:${i.port};`).join("\n");
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  log_format scale '$request_method $uri $status $upstream_addr';
  access_log ${dir}/access.log scale;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 12m;
  upstream scale_app {
${instances.map((i) => `    server 127.0.0.1:${i.port} max_fails=1 fail_timeout=5s;`).join("\n")}
    keepalive 16;
  }
  map $http_${PIN_HEADER.replace(/-/g, "_")} $scale_target {
    default scale_app;
${pins}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://$scale_target;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
}
`;
}

/** Starts Debian's nginx in front of `instances` on a free loopback port; resolves once it proxies /healthz. */
export async function startNginx(dir: string, instances: Instance[]): Promise<Proc & { url: string; port: number }> {
  const port = await freePort();
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, nginxConf(dir, port, instances));
  // The workers (nobody, when the master runs as root) create their temp folders under `dir`.
  fs.chmodSync(dir, 0o755);
  const p = launch("nginx", "/usr/sbin/nginx", ["-p", dir, "-e", path.join(dir, "error.log"), "-c", conf], process.env);
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy({ ...p, log: () => `${p.log()}${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""}` }, `${url}/healthz`);
  return { ...p, url, port };
}

/** Ends one process by its PID with SIGKILL, as a crash or a power cut would; resolves once it is gone. */
export async function kill(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  process.kill(p.pid, "SIGKILL");
  await p.exited;
}

/** Stops one process by its PID: SIGTERM, then SIGKILL after 5 s. */
export async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  process.kill(p.pid, "SIGTERM");
  const t = setTimeout(() => p.child.exitCode === null && process.kill(p.pid, "SIGKILL"), 5_000);
  await p.exited;
  clearTimeout(t);
}
