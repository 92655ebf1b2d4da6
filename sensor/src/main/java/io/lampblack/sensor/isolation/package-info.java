/** Network isolation of the sensor's host (nftables), always keeping the server reachable. */
package io.lampblack.sensor.isolation;
