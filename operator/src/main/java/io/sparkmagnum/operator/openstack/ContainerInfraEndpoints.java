package io.sparkmagnum.operator.openstack;

import io.sparkmagnum.operator.openstack.CloudCredentials.EndpointInterface;
import java.util.Optional;
import org.openstack4j.api.exceptions.RegionEndpointNotFoundException;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.Facing;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;

/**
 * Finds Magnum in a token's catalog by service type {@code container-infra}, interface and region,
 * as the OpenStack clients do. OpenStack4j's default resolver matches the service name
 * {@code magnum} (or type {@code container}) instead, and keeps every URL in a static cache.
 * The URL it returns has no version suffix: paths start with {@code /v1}.
 */
final class ContainerInfraEndpoints implements EndpointURLResolver {

  static final String SERVICE_TYPE = "container-infra";

  static Optional<String> magnum(Token token, EndpointInterface endpointInterface, String region) {
    if (token.getCatalog() == null) {
      return Optional.empty();
    }
    Facing facing = facing(endpointInterface);
    for (Service service : token.getCatalog()) {
      if (!SERVICE_TYPE.equals(service.getType()) || service.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : service.getEndpoints()) {
        boolean regionMatches = region == null || region.equals(endpoint.getRegion()) || region.equals(endpoint.getRegionId());
        if (endpoint.getIface() == facing && regionMatches && endpoint.getUrl() != null) {
          return Optional.of(withoutVersion(endpoint.getUrl().toString()));
        }
      }
    }
    return Optional.empty();
  }

  static Facing facing(EndpointInterface endpointInterface) {
    return switch (endpointInterface) {
      case PUBLIC -> Facing.PUBLIC;
      case INTERNAL -> Facing.INTERNAL;
      case ADMIN -> Facing.ADMIN;
    };
  }

  /** Catalogs register Magnum as {@code http://host:9511/v1} or without the version; paths add it. */
  private static String withoutVersion(String url) {
    String trimmed = url.replaceAll("/+$", "");
    return trimmed.endsWith("/v1") ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
  }

  @Override
  public String findURLV3(URLResolverParams params) {
    if (params.type != ServiceType.MAGNUM) {
      return params.token.getEndpoint();
    }
    EndpointInterface endpointInterface = switch (params.perspective == null ? Facing.PUBLIC : params.perspective) {
      case INTERNAL -> EndpointInterface.INTERNAL;
      case ADMIN -> EndpointInterface.ADMIN;
      default -> EndpointInterface.PUBLIC;
    };
    return magnum(params.token, endpointInterface, params.region)
        .orElseThrow(() -> RegionEndpointNotFoundException.create(String.valueOf(params.region), SERVICE_TYPE));
  }

  @Override
  public String findURLV2(URLResolverParams params) {
    throw new UnsupportedOperationException("Keystone v2 is not supported");
  }
}
