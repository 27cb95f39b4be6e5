package io.github.jdiskcache.jcache.management;

import java.lang.management.ManagementFactory;

import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers cache MXBeans in the platform MBeanServer under the names JSR-107 tools (and
 * Micrometer's JCacheMetrics) look for:
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 */
public final class MBeanRegistrar {
    public enum Kind {
        STATISTICS("CacheStatistics"), CONFIGURATION("CacheConfiguration");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    private MBeanRegistrar() {
    }

    public static ObjectName name(Kind kind, String managerUri, String cacheName) {
        try {
            return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager=" + safe(managerUri)
                    + ",Cache=" + safe(cacheName));
        } catch (MalformedObjectNameException e) {
            throw new CacheException("cannot name the MBean of cache " + cacheName, e);
        }
    }

    /**
     * The value as JSR-107 tools and Micrometer's JCacheMetrics write it: {@code , : =} and newline
     * become {@code .}. A value holding a JMX wildcard or quote ({@code * ? "}) cannot be written plain
     * (it would be a pattern, which cannot be registered), so it is quoted in full: exact, and distinct
     * from every other name.
     */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('"') >= 0) {
            return ObjectName.quote(text);
        }
        return text.replaceAll("[,:=\n]", ".");
    }

    public static void register(Object bean, ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (InstanceAlreadyExistsException ignored) {
            // Registered concurrently by another cache object of the same name.
        } catch (Exception e) {
            throw new CacheException("cannot register MBean " + name + ": " + e.getMessage(), e);
        }
    }

    public static void unregister(ObjectName name) {
        if (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
            // No MBeanServer, so nothing is registered: creating the platform's here would cost
            // every cache's close tens of milliseconds for nothing.
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (InstanceNotFoundException ignored) {
            // Already gone.
        } catch (Exception e) {
            throw new CacheException("cannot unregister MBean " + name + ": " + e.getMessage(), e);
        }
    }
}
