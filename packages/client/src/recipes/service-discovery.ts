/**
 * Service discovery, the naming use case (after Curator's x-discovery): each instance of a
 * service is an ephemeral node `basePath/<service>/<id>` holding JSON in Curator's
 * ServiceInstance layout, so Java services registered with Curator are found too.
 *
 * Guarantees:
 * - An instance is listed exactly while its registering session lives (ephemeral node); a
 *   crashed process disappears once its session expires.
 * - `watch(name)` keeps a live view that follows registrations, removals and payload updates,
 *   and re-reads everything after a reconnect (see {@link ChildrenCache}).
 * - After the registering client's session expires, its instances are gone; register them
 *   again on a new client.
 */
import { ErrorCode } from '@paddock/protocol';
import { KeeperError } from '../keeper-error';
import { joinPath } from '../paths';
import type { ZooKeeperClient } from '../zookeeper-client';
import { ChildrenCache } from './children-cache';
import { createWithParents, randomId } from './recipe-support';

export interface ServiceInstance<P = unknown> {
  readonly name: string;
  readonly id: string;
  readonly address: string;
  readonly port: number | null;
  readonly sslPort: number | null;
  readonly payload: P | null;
  readonly registrationTimeUTC: number;
  readonly serviceType: 'DYNAMIC' | 'STATIC' | 'PERMANENT';
  readonly uriSpec: null;
}

export interface InstanceSpec<P> {
  readonly name: string;
  readonly address: string;
  readonly id?: string;
  readonly port?: number;
  readonly sslPort?: number;
  readonly payload?: P;
}

const decoder = new TextDecoder();

function parseInstance<P>(data: Uint8Array | null, path: string): ServiceInstance<P> {
  try {
    return JSON.parse(decoder.decode(data ?? new Uint8Array(0))) as ServiceInstance<P>;
  } catch {
    throw new KeeperError(ErrorCode.MarshallingError, { path, reason: 'not a service instance (JSON)' });
  }
}

/** A live view of one service's instances. */
export class ServiceCache<P = unknown> {
  /** @internal Built by {@link ServiceDiscovery.watch}. */
  constructor(private readonly cache: ChildrenCache) {}

  /** The instances registered now, by id. */
  get instances(): ServiceInstance<P>[] {
    const out: ServiceInstance<P>[] = [];
    for (const [name, node] of this.cache.children) {
      try {
        out.push(parseInstance<P>(node.data, joinPath(this.cache.path, name)));
      } catch {
        // A node that is not an instance is skipped rather than hiding the others.
      }
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Calls `listener` after every change of the instance set. */
  onChange(listener: (instances: ServiceInstance<P>[]) => void): () => void {
    return this.cache.onEvent(() => listener(this.instances));
  }

  close(): void {
    this.cache.close();
  }
}

export class ServiceDiscovery {
  constructor(
    private readonly client: ZooKeeperClient,
    readonly basePath = '/services',
  ) {}

  /** Registers an instance (an ephemeral node) and returns it. */
  async register<P>(spec: InstanceSpec<P>): Promise<ServiceInstance<P>> {
    const instance: ServiceInstance<P> = {
      name: spec.name,
      id: spec.id ?? randomId(this.client),
      address: spec.address,
      port: spec.port ?? null,
      sslPort: spec.sslPort ?? null,
      payload: spec.payload ?? null,
      registrationTimeUTC: Date.now(),
      serviceType: 'DYNAMIC',
      uriSpec: null,
    };
    await createWithParents(this.client, this.instancePath(instance.name, instance.id), JSON.stringify(instance), { mode: 'ephemeral' });
    return instance;
  }

  /** Replaces an instance's registration data (e.g. a new payload). */
  async update<P>(instance: ServiceInstance<P>): Promise<void> {
    await this.client.setData(this.instancePath(instance.name, instance.id), JSON.stringify(instance));
  }

  async unregister(name: string, id: string): Promise<void> {
    try {
      await this.client.delete(this.instancePath(name, id));
    } catch (error) {
      if (!KeeperError.is(error, 'NoNode')) throw error;
    }
  }

  /** The registered service names. */
  async names(): Promise<string[]> {
    try {
      return (await this.client.getChildren(this.basePath)).children.sort();
    } catch (error) {
      if (KeeperError.is(error, 'NoNode')) return [];
      throw error;
    }
  }

  /** The instances of `name` now (one round trip for the list, one for the data). */
  async instances<P = unknown>(name: string): Promise<ServiceInstance<P>[]> {
    const servicePath = joinPath(this.basePath, name);
    let ids: string[];
    try {
      ids = (await this.client.getChildren(servicePath)).children;
    } catch (error) {
      if (KeeperError.is(error, 'NoNode')) return [];
      throw error;
    }
    const results = await this.client.multiRead(ids.map((id) => ({ type: 'getData' as const, path: joinPath(servicePath, id) })));
    const out: ServiceInstance<P>[] = [];
    results.forEach((r, i) => {
      if (r.ok) out.push(parseInstance<P>(r.value.data, joinPath(servicePath, ids[i]!)));
    });
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** A live view of `name`'s instances. */
  async watch<P = unknown>(name: string): Promise<ServiceCache<P>> {
    const cache = new ChildrenCache(this.client, joinPath(this.basePath, name));
    await cache.start();
    return new ServiceCache<P>(cache);
  }

  private instancePath(name: string, id: string): string {
    return joinPath(joinPath(this.basePath, name), id);
  }
}
