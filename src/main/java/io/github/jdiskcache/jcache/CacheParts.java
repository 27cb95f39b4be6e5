package io.github.jdiskcache.jcache;

import java.util.concurrent.ExecutorService;

import javax.management.ObjectName;

import io.github.jdiskcache.jcache.event.EventDispatcher;
import io.github.jdiskcache.jcache.expiry.ExpiryTimes;
import io.github.jdiskcache.jcache.integration.ReadThrough;
import io.github.jdiskcache.jcache.integration.WriteThrough;
import io.github.jdiskcache.jcache.management.CacheConfigurationBean;
import io.github.jdiskcache.jcache.management.CacheStatistics;
import io.github.jdiskcache.jcache.operation.OperationContext;
import io.github.jdiskcache.store.FanoutCache;

/** What {@link DiskCacheFactory} made for one {@link DiskCache}: everything it uses but its behaviour. */
record CacheParts<K, V>(FanoutCache store, ExpiryTimes expiry, ReadThrough<K, V> loader, WriteThrough<K, V> writer,
                        EventDispatcher<K, V> listeners, OperationContext<K, V> operations, CacheStatistics statistics,
                        CacheConfigurationBean configurationBean, ObjectName statisticsName,
                        ObjectName configurationName, ExecutorService loadExecutor) {
}
