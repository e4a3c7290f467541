package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where the Spark master can be reached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MasterStatus {
  @JsonPropertyDescription("Master URL for spark-submit and spark-shell inside the bay, e.g. spark://analytics-master.team-a.svc:7077.")
  private String url;

  @JsonPropertyDescription("URL of the master's web UI inside the bay.")
  private String webUiUrl;

  @JsonPropertyDescription("Master URL from outside the bay, when the Service is a LoadBalancer with an address.")
  private String externalUrl;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getWebUiUrl() {
    return webUiUrl;
  }

  public void setWebUiUrl(String webUiUrl) {
    this.webUiUrl = webUiUrl;
  }

  public String getExternalUrl() {
    return externalUrl;
  }

  public void setExternalUrl(String externalUrl) {
    this.externalUrl = externalUrl;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MasterStatus that
        && Objects.equals(url, that.url)
        && Objects.equals(webUiUrl, that.webUiUrl)
        && Objects.equals(externalUrl, that.externalUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, webUiUrl, externalUrl);
  }
}
