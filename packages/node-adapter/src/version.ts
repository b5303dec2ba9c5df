/** Version strings the server reports about itself. */

/** Paddock's own release. */
export const PADDOCK_VERSION = '0.1.0';

/** The ZooKeeper release whose client protocol and four-letter words Paddock speaks. */
export const ZOOKEEPER_COMPATIBLE_VERSION = '3.8.0';

/**
 * The version line of srvr, stat, mntr and envi. It keeps ZooKeeper's shape
 * (`<x.y.z>-<build>, built on <when>`) so that monitoring tools that parse the leading
 * `3.8.0` keep working, and names Paddock in the build part.
 */
export const VERSION_LINE = `${ZOOKEEPER_COMPATIBLE_VERSION}-paddock-${PADDOCK_VERSION}, built on Paddock ${PADDOCK_VERSION}`;
